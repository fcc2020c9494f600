import { transact } from '../../db/transact';
import { revokeSessionsStep, type UserRecord } from '../../db/users';
import { signOutEverywhere } from '../../identity/cognito-users';

/**
 * Sign out (`POST /v1/auth/logout`).
 *
 * 1. Cognito's global sign-out: every refresh token of the account stops
 *    working, the one the client sent included. (Not RevokeToken: the local
 *    emulator, moto 5.2.1, has none, and one mechanism must hold in both
 *    places.)
 * 2. Every token issued so far stops authenticating with this API too
 *    (`sessions_revoked_at`), rather than when it expires.
 */
export async function signOut(user: UserRecord): Promise<void> {
  await signOutEverywhere(user.email);
  await transact([revokeSessionsStep(user.id, new Date().toISOString())]);
}
