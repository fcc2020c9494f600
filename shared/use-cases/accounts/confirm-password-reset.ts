import { ownAccountAuditSteps } from '../../db/audit-events';
import { consumePasswordResetSteps, getPasswordReset, restorePasswordResetSteps } from '../../db/password-resets';
import { transact } from '../../db/transact';
import { getUser } from '../../db/users';
import { hashToken } from '../../domain/tokens';
import { GoneError, NotFoundError } from '../../errors';
import { setPassword, signOutEverywhere } from '../../identity/cognito-users';

/**
 * Set a new password with the token from a reset email.
 *
 * 1. Look the token up by its hash: unknown → 404; used, expired, or
 *    replaced by a newer request → 410.
 * 2. In one transaction: consume the token (single-use, unexpired, and
 *    still the user's live one, by conditions), mark every token issued so
 *    far as revoked for this API (`sessions_revoked_at`: an access token an
 *    attacker holds stops working now, not when it expires), and write the
 *    audit event.
 * 3. Set the new password in Cognito; should Cognito refuse it (400), the
 *    token is given back so the user can choose another.
 * 4. Revoke every refresh token issued before (Cognito's global sign-out):
 *    whoever knew the old password is signed out everywhere.
 */
export async function confirmPasswordReset(token: string, password: string): Promise<void> {
  const tokenHash = hashToken(token);
  const reset = await getPasswordReset(tokenHash);
  if (!reset) throw new NotFoundError('password reset token');
  const now = new Date().toISOString();
  if (reset.used_at || reset.expires_at <= now) throw new GoneError();
  const user = await getUser(reset.user_id);
  if (!user) throw new GoneError();

  await transact([
    ...consumePasswordResetSteps(user.id, tokenHash, now),
    ...ownAccountAuditSteps(user, now, 'user.password_reset'),
  ]);
  try {
    await setPassword(user.email, password);
  } catch (error) {
    await transact(restorePasswordResetSteps(user.id, tokenHash)).catch(() => undefined);
    throw error;
  }
  await signOutEverywhere(user.email);
}
