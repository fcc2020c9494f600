import { findUserIdByEmail } from '../../db/email-claims';
import { transact } from '../../db/transact';
import { getUser, markVerificationSentStep } from '../../db/users';
import { putVerificationStep } from '../../db/verification-tokens';
import { normalizeEmail } from '../../domain/email';
import { hashToken, newSecretToken, VERIFICATION_TOKEN_TTL_MS } from '../../domain/tokens';
import { sendEmail } from '../../email/send-email';
import { verificationEmail } from '../../email/templates';
import { ConflictError } from '../../errors';
import { answerInConstantTime } from './answer-in-constant-time';
import { appLink } from '../../email/app-links';

/** One verification email per account per minute, however often this is called. */
const RESEND_INTERVAL_MS = 60_000;

/**
 * Send a fresh verification link to an account that has not verified its
 * address (the first email was lost, or its link expired). The caller learns
 * nothing about whether the address has an account: every call is answered
 * the same way.
 *
 * 1. Find the account; none, or already verified → nothing to do.
 * 2. In one transaction: stamp the send on the user (condition: still
 *    unverified, and no send in the last minute) and store the new token's
 *    hash. A refused condition means nothing to do, silently.
 * 3. Email the link. Earlier links stay valid until they expire: each
 *    proves the same thing.
 * Both outcomes take the same time (`answerInConstantTime`), so timing
 * does not tell an unverified account from an unknown address either.
 */
export function resendVerification(rawEmail: string): Promise<void> {
  return answerInConstantTime(() => sendFreshLink(rawEmail));
}

async function sendFreshLink(rawEmail: string): Promise<void> {
  const userId = await findUserIdByEmail(normalizeEmail(rawEmail));
  const user = userId ? await getUser(userId) : null;
  if (!user || user.email_verified) return;

  const now = new Date();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + VERIFICATION_TOKEN_TTL_MS).toISOString();
  try {
    await transact([
      markVerificationSentStep(user, now.toISOString(), new Date(now.getTime() - RESEND_INTERVAL_MS).toISOString()),
      putVerificationStep({ token_hash: hashToken(token), user_id: user.id, signup_id: user.signup_id, expires_at: expiresAt }),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return;
    throw error;
  }
  await sendEmail(verificationEmail({ to: user.email, name: user.name, link: appLink('/verify-email', { token }), expiresAt }));
}
