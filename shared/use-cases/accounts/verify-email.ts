import { ownAccountAuditSteps } from '../../db/audit-events';
import { deleteUnverifiedMarkerStep } from '../../db/unverified-accounts';
import { transact } from '../../db/transact';
import { getUser, type UserRecord } from '../../db/users';
import { consumeVerificationStep, getVerification, markVerifiedStep } from '../../db/verification-tokens';
import { hashToken } from '../../domain/tokens';
import { GoneError, NotFoundError } from '../../errors';
import { disableIdentity, enableVerifiedIdentity } from '../../identity/cognito-users';
import { logger } from '../../powertools';
import { provisionCallbackAuthKeys } from '../../secrets/callback-auth-keys';

/**
 * Verify an email address with the token from the verification email.
 *
 * 1. Look the token up by its hash: unknown → 404; used or expired → 410;
 *    issued for an earlier sign-up of the address (replaced since) → 410.
 * 2. Enable the Cognito identity (idempotent, so doing it before consuming
 *    the token means a crash in between never strands a verified account).
 * 3. In one transaction: consume the token (single-use by condition), mark
 *    the user verified (condition: still the sign-up the token was issued
 *    for), drop the account's sweep marker, write the audit event. If a
 *    replacement won meanwhile, the identity is disabled again: it now
 *    carries the replacing sign-up's password, which only that sign-up's
 *    own link may release.
 * 4. Make the team's callback auth keys (live and test). The account is
 *    verified by then, so a failure here is logged, not answered: the
 *    first read of the keys makes any that are missing.
 */
export async function verifyEmail(token: string): Promise<UserRecord> {
  const tokenHash = hashToken(token);
  const verification = await getVerification(tokenHash);
  if (!verification) throw new NotFoundError('verification token');
  const now = new Date().toISOString();
  if (verification.used_at || verification.expires_at <= now) throw new GoneError();

  const user = await getUser(verification.user_id);
  if (!user || verification.signup_id !== user.signup_id) throw new GoneError();
  await enableVerifiedIdentity(user.email);

  try {
    await transact([
      consumeVerificationStep(tokenHash, now),
      markVerifiedStep(user.id, verification.signup_id, now),
      deleteUnverifiedMarkerStep(user),
      ...ownAccountAuditSteps(user, now, 'user.email_verified'),
    ]);
  } catch (error) {
    if (error instanceof GoneError && !(await getUser(user.id))?.email_verified) await disableIdentity(user.email);
    throw error;
  }
  if (user.team_id) {
    await provisionCallbackAuthKeys(user.team_id).catch((error: unknown) =>
      logger.warn('Callback auth keys not made at verification; the first read makes them', { teamId: user.team_id, error }),
    );
  }
  return { ...user, email_verified: true, updated_at: now };
}
