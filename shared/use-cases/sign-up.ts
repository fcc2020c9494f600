import { auditStep } from '../db/audit-events';
import { claimEmailStep, findUserIdByEmail } from '../db/email-claims';
import { TABLE_NAME } from '../db/table';
import { teamToItem, type TeamRecord } from '../db/teams';
import { transact, undoPuts } from '../db/transact';
import { userToItem, type UserRecord } from '../db/users';
import { putVerificationStep } from '../db/verification-tokens';
import { normalizeEmail } from '../domain/email';
import { newId, userIdFromSub } from '../domain/ids';
import { hashToken, newSecretToken, VERIFICATION_TOKEN_TTL_MS } from '../domain/tokens';
import { sendEmail, type EmailStatus } from '../email/send-email';
import { verificationEmail } from '../email/templates';
import { EmailTakenError } from '../errors';
import { activatePendingIdentity, ensureIdentity } from '../identity/cognito-users';
import { appLink } from './app-links';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  company: string;
  team_name: string;
}

/**
 * Sign up: a new account, its team, the signer as admin.
 *
 * 1. Refuse an address that already has an account (fast path; the
 *    transaction's condition is what actually guarantees it under races).
 * 2. Create the Cognito identity, or adopt the one a half-finished earlier
 *    attempt left behind, so a retry is never blocked.
 * 3. In one transaction: claim the email, write the user (admin), the team,
 *    the hashed verification token and the audit event.
 * 4. Only the winner of step 3 sets the password; the identity stays disabled
 *    until the email is verified. If Cognito refuses, step 3 is undone, so
 *    the address is free for a retry.
 * 5. Email the verification link; a send failure does not undo the account.
 */
export async function signUp(input: SignUpInput): Promise<{ user: UserRecord; team: TeamRecord; emailStatus: EmailStatus }> {
  const email = normalizeEmail(input.email);
  if (await findUserIdByEmail(email)) throw new EmailTakenError();

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
    claimEmailStep(email, user.id, now),
    {
      item: { Put: { TableName: TABLE_NAME, Item: userToItem(user), ConditionExpression: 'attribute_not_exists(PK)' } },
      onConditionFailed: () => new EmailTakenError(),
    },
    { item: { Put: { TableName: TABLE_NAME, Item: teamToItem(team), ConditionExpression: 'attribute_not_exists(PK)' } } },
    putVerificationStep({ token_hash: hashToken(token), user_id: user.id, expires_at: expiresAt }),
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

  try {
    await activatePendingIdentity(email, input.password);
  } catch (error) {
    await transact(undoPuts(steps));
    throw error;
  }
  const emailStatus = await sendEmail(
    verificationEmail({ to: email, name: user.name, link: appLink('/verify-email', { token }), expiresAt }),
  );
  return { user, team, emailStatus };
}
