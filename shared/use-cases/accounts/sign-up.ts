import { auditStep } from '../../db/audit-events';
import { claimEmailStep, findUserIdByEmail } from '../../db/email-claims';
import { putNewTeamStep, type TeamRecord } from '../../db/teams';
import { transact, undoPuts } from '../../db/transact';
import { getUser, type UserRecord } from '../../db/users';
import { putVerificationStep } from '../../db/verification-tokens';
import { normalizeEmail } from '../../domain/email';
import { newId, userIdFromSub } from '../../domain/ids';
import { hashToken, newSecretToken, VERIFICATION_TOKEN_TTL_MS } from '../../domain/tokens';
import { sendEmail, type EmailStatus } from '../../email/send-email';
import { verificationEmail } from '../../email/templates';
import {
  purgeTeamPartition,
  putSignupUserStep,
  putUnverifiedMarkerStep,
  replaceUnverifiedSteps,
  releaseSignupLease,
  retireSignupStep,
} from '../../db/unverified-accounts';
import { ConcurrentChangeError, EmailTakenError } from '../../errors';
import { activatePendingIdentity, ensureIdentity } from '../../identity/cognito-users';
import { appLink } from '../../email/app-links';
import { retryOnContention } from '../../db/retry-on-contention';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  company: string;
  team_name: string;
}

/**
 * Sign up: a new account, its team, the signer as admin. An address whose
 * account was never verified is not taken: the new sign-up replaces that
 * account (new password, new team, earlier verification links dead), so a
 * squatter cannot hold an address they do not own.
 *
 * 1. Read the address's account: verified → 409 email_taken (fast path; the
 *    transaction's conditions are what decide under races).
 * 2. Create the Cognito identity, or adopt the existing one (a half-finished
 *    earlier attempt, or the unverified account being replaced).
 * 3. In one transaction: claim the email (or, replacing, drop the old team
 *    and sweep marker, on condition the account is still unverified and no
 *    other sign-up holds it — else 409 / 429), write the user (admin, a new
 *    `signup_id`, a short lease), the team, the hashed verification token,
 *    the sweep marker and the audit event.
 * 4. Only the winner of step 3 sets the password; the identity stays disabled
 *    until the email is verified. If Cognito refuses, step 3 is undone (a
 *    replacement instead retires its own tokens: the account keeps the old
 *    password, so no link may verify it).
 * 5. Email the verification link; a send failure does not undo the account.
 */
export async function signUp(input: SignUpInput): Promise<{ user: UserRecord; team: TeamRecord; emailStatus: EmailStatus }> {
  const email = normalizeEmail(input.email);
  const { user, team, token, expiresAt, replaced, steps } = await retryOnContention(() => commitSignUp(email, input));
  if (replaced?.team_id) await purgeTeamPartition(replaced.team_id);

  try {
    await activatePendingIdentity(email, input.password);
  } catch (error) {
    await transact(replaced ? [retireSignupStep(user.id, user.signup_id!, newSecretToken(16))] : undoPuts(steps));
    throw error;
  }
  await releaseSignupLease(user.id, user.signup_id!);
  const emailStatus = await sendEmail(
    verificationEmail({ to: email, name: user.name, link: appLink('/verify-email', { token }), expiresAt }),
  );
  return { user, team, emailStatus };
}

/** Steps 1–3: decide from the address's account as it is now, and commit (a lost race decides again). */
async function commitSignUp(email: string, input: SignUpInput) {
  const existingId = await findUserIdByEmail(email);
  const existing = existingId ? await getUser(existingId) : null;
  if (existingId && (!existing || existing.email_verified)) throw new EmailTakenError();

  const { sub } = await ensureIdentity(email);
  const now = new Date().toISOString();
  const user: UserRecord = {
    id: userIdFromSub(sub),
    email,
    name: input.name,
    company: input.company,
    job_title: null,
    phone: null,
    team_id: newId('team'),
    role: 'admin',
    joined_at: now,
    email_verified: false,
    signup_id: newSecretToken(16),
    created_at: now,
    updated_at: now,
  };
  const team: TeamRecord = {
    id: user.team_id!,
    name: input.team_name,
    callback_url: null,
    admin_user_id: user.id,
    member_count: 1,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + VERIFICATION_TOKEN_TTL_MS).toISOString();

  const steps = [
    // A claim that appeared since the read: another sign-up won; decide again from it.
    ...(existing ? replaceUnverifiedSteps(existing, user.id, now) : [{ ...claimEmailStep(email, user.id, now), onConditionFailed: () => new ConcurrentChangeError() }]),
    putSignupUserStep(user, now, existing),
    putNewTeamStep(team),
    putVerificationStep({ token_hash: hashToken(token), user_id: user.id, signup_id: user.signup_id, expires_at: expiresAt }),
    putUnverifiedMarkerStep(user),
    auditStep({
      teamId: team.id,
      at: now,
      actor: { type: 'user', id: user.id },
      action: 'team.created',
      target: { type: 'team', id: team.id },
      details: { name: team.name },
    }),
  ];
  await transact(steps);
  return { user, team, token, expiresAt, replaced: existing, steps };
}
