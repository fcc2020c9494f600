import { findUserIdByEmail } from '../../db/email-claims';
import { issuePasswordResetSteps, PASSWORD_RESET_TTL_MS } from '../../db/password-resets';
import { transact } from '../../db/transact';
import { getUser } from '../../db/users';
import { normalizeEmail } from '../../domain/email';
import { hashToken, newSecretToken } from '../../domain/tokens';
import { sendEmail } from '../../email/send-email';
import { passwordResetEmail } from '../../email/templates';
import { ConflictError } from '../../errors';
import { answerInConstantTime } from './answer-in-constant-time';
import { appLink } from '../../email/app-links';

/**
 * Ask for a password reset. Answered alike, in the same time, for every
 * address: the caller learns nothing about which addresses have accounts.
 *
 * 1. Find the account; none, or never verified → nothing to do (an
 *    unverified account has no password worth resetting: signing up again
 *    replaces it).
 * 2. In one transaction: name the new token's hash on the user as its one
 *    live reset token (condition: verified, no reset sent in the last
 *    minute — else nothing to do, silently) and store the token's item,
 *    valid 1 hour. An earlier token is dead from then on.
 * 3. Email the link.
 */
export function requestPasswordReset(rawEmail: string): Promise<void> {
  return answerInConstantTime(async () => {
    const userId = await findUserIdByEmail(normalizeEmail(rawEmail));
    const user = userId ? await getUser(userId) : null;
    if (!user?.email_verified) return;

    const now = new Date();
    const token = newSecretToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS).toISOString();
    try {
      await transact(issuePasswordResetSteps(user.id, hashToken(token), now, expiresAt));
    } catch (error) {
      if (error instanceof ConflictError) return;
      throw error;
    }
    await sendEmail(passwordResetEmail({ to: user.email, name: user.name, link: appLink('/reset-password', { token }), expiresAt }));
  });
}
