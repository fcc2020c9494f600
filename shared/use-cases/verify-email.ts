import { ownAccountAuditSteps } from '../db/audit-events';
import { keys, TABLE_NAME } from '../db/table';
import { transact } from '../db/transact';
import { getUser, type UserRecord } from '../db/users';
import { consumeVerificationStep, getVerification } from '../db/verification-tokens';
import { hashToken } from '../domain/tokens';
import { GoneError, NotFoundError } from '../errors';
import { enableVerifiedIdentity } from '../identity/cognito-users';

/**
 * Verify an email address with the token from the verification email.
 *
 * 1. Look the token up by its hash: unknown → 404; used or expired → 410.
 * 2. Enable the Cognito identity (idempotent, so doing it before consuming
 *    the token means a crash in between never strands a verified account).
 * 3. In one transaction: consume the token (single-use by condition), mark
 *    the user verified, write the audit event.
 */
export async function verifyEmail(token: string): Promise<UserRecord> {
  const tokenHash = hashToken(token);
  const verification = await getVerification(tokenHash);
  if (!verification) throw new NotFoundError('verification token');
  const now = new Date().toISOString();
  if (verification.used_at || verification.expires_at <= now) throw new GoneError();

  const user = await getUser(verification.user_id);
  if (!user) throw new GoneError();
  await enableVerifiedIdentity(user.email);

  await transact([
    consumeVerificationStep(tokenHash, now),
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(user.id),
          UpdateExpression: 'SET email_verified = :true, updated_at = :now',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':true': true, ':now': now },
        },
      },
    },
    ...ownAccountAuditSteps(user, now, 'user.email_verified'),
  ]);
  return { ...user, email_verified: true, updated_at: now };
}
