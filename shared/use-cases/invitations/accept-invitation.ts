import { claimEmailStep, findUserIdByEmail } from '../../db/email-claims';
import {
  consumeStep,
  invitationAuditStep,
  pointToInvitationStep,
  releasePointerStep,
  restoreStep,
  type InvitationRecord,
} from '../../db/invitations';
import { countMemberStep, joinTeamStep, type JoinProfile } from '../../db/memberships';
import {
  ConcurrentChangeError,
  ForbiddenError,
  InvitationGoneError,
  NotFoundError,
  UnauthenticatedError,
  UserInAnotherTeamError,
  ValidationError,
} from '../../errors';
import { getTeam, type TeamRecord } from '../../db/teams';
import { transact, undoPuts, type TransactStep } from '../../db/transact';
import { getUser, putNewUserStep, type UserRecord } from '../../db/users';
import { userIdFromSub } from '../../domain/ids';
import { newSecretToken } from '../../domain/tokens';
import { purgeTeamPartition, putSignupUserStep, replaceUnverifiedSteps } from '../../db/unverified-accounts';
import { activatePendingIdentity, enableVerifiedIdentity, ensureIdentity } from '../../identity/cognito-users';
import { openInvitation } from './open-invitation';
import { retryOnContention } from '../../db/retry-on-contention';

export interface AcceptInvitationInput {
  token: string;
  password?: string;
  name?: string;
  company?: string;
  job_title?: string;
  phone?: string;
}

/** The invitation as opened for this attempt, and the attempt's clock. */
interface Opened {
  invitation: InvitationRecord;
  tokenHash: string;
  now: string;
}

interface Joined {
  user: UserRecord;
  /** New accounts only: the Cognito half, done once the transaction is won, and how to take the transaction back. */
  identity?: { password: string; undo: TransactStep[]; replacedTeamId?: string };
}

/**
 * Accept an invitation. The route is public (a new invitee has no account);
 * an existing account proves itself with its Bearer token, which the handler
 * verifies into `signedInUserId`.
 *
 * 1. Open the invitation by its token: unknown → 404; used, revoked,
 *    replaced, resent or expired → 410.
 * 2. The invited address has a verified account in a team (any team, this
 *    one included) → 409 user_in_another_team, before any credential is
 *    judged. An account that never verified its address counts as none: the
 *    token proves the address, so step 4 replaces that account.
 * 3. An account in no team must be the signed-in caller (no token → 401,
 *    another account's → 403) and sends no password. In one transaction:
 *    consume the invitation (condition: pending, this token, not expired),
 *    join with the invited role (condition: still in no team) applying any
 *    profile fields, count the member in (condition: team active), release
 *    the address pointer, write the audit event.
 * 4. A new address needs password, name and company (400). Create the
 *    Cognito identity, or adopt one a failed attempt left behind. In one
 *    transaction: consume the invitation, claim the email (or take over the
 *    claim of the unverified account being replaced, dropping its team and
 *    sweep marker), write the user (email verified: the token proves it) as
 *    a member, count, release the pointer, audit. Only then, so only the winner, set the password and
 *    enable the identity; if Cognito refuses, compensate the transaction
 *    (invitation pending again, address free), so a retry is never blocked.
 *
 * Losing a race at step 3 or 4 re-runs from step 1: of concurrent accepts
 * exactly one succeeds, and the rest get what the new state deserves (410, 409).
 */
export async function acceptInvitation(
  input: AcceptInvitationInput,
  signedInUserId: string | null,
): Promise<{ user: UserRecord; team: TeamRecord }> {
  const joined = await retryOnContention(async () => {
    const now = new Date().toISOString();
    const opened = { ...(await openInvitation(input.token, now)), now };
    const accountId = await findUserIdByEmail(opened.invitation.email);
    const found = accountId ? await getUser(accountId) : null;
    // An account that never verified its address is nobody's yet (perhaps a
    // squatter's): the invitation's token proves the address, so accepting
    // replaces it with the invitee's new account, as a sign-up would.
    const unverified = found && !found.email_verified ? found : null;
    const account = unverified ? null : found;
    if (account?.team_id) {
      // The two reads are no snapshot: if a concurrent accept of this very
      // token put the account in the team between them, the token is what
      // is dead (410), so the invitation is judged again before the 409.
      await openInvitation(input.token, now);
      throw new UserInAnotherTeamError();
    }
    return account ? joinWithAccount(opened, account, input, signedInUserId) : joinWithNewAccount(opened, input, signedInUserId, unverified);
  });

  if (joined.identity) {
    if (joined.identity.replacedTeamId) await purgeTeamPartition(joined.identity.replacedTeamId);
    try {
      await activatePendingIdentity(joined.user.email, joined.identity.password);
      await enableVerifiedIdentity(joined.user.email);
    } catch (error) {
      await transact(joined.identity.undo);
      throw error;
    }
  }
  const team = await getTeam(joined.user.team_id!);
  if (!team) throw new NotFoundError('team');
  return { user: joined.user, team };
}

async function joinWithAccount(
  opened: Opened,
  account: UserRecord,
  input: AcceptInvitationInput,
  signedInUserId: string | null,
): Promise<Joined> {
  if (!signedInUserId) {
    throw new UnauthenticatedError(
      'This email address already has an account: sign in, then accept with its token in "Authorization: Bearer <token>" and no password.',
    );
  }
  if (signedInUserId !== account.id) throw new ForbiddenError('This invitation is for a different account.');
  if (input.password !== undefined) {
    throw new ValidationError('An existing account accepts with its Bearer token, not a password.', [
      { location: 'body', path: 'password', message: 'not accepted for an existing account' },
    ]);
  }
  const { invitation, now } = opened;
  const profile = definedProfile(input);
  await transact(
    acceptanceSteps(opened, account.id, [joinTeamStep(account.id, invitation.team_id, invitation.role, now, profile)]),
  );
  return {
    user: { ...account, ...profile, team_id: invitation.team_id, role: invitation.role, joined_at: now, updated_at: now },
  };
}

async function joinWithNewAccount(
  opened: Opened,
  input: AcceptInvitationInput,
  signedInUserId: string | null,
  replacing: UserRecord | null,
): Promise<Joined> {
  if (signedInUserId) {
    throw new ForbiddenError('This invitation is for an address with no account yet: accept it signed out, with a password, to create that account.');
  }
  const { password, name, company } = input;
  if (!password || !name || !company) {
    const missing = Object.entries({ password, name, company }).filter(([, v]) => !v).map(([field]) => field);
    throw new ValidationError(
      `A new account needs ${missing.join(', ')}.`,
      missing.map((path) => ({ location: 'body', path, message: 'required to create the account' })),
    );
  }
  const { invitation, now } = opened;
  const { sub } = await ensureIdentity(invitation.email);
  const user: UserRecord = {
    id: userIdFromSub(sub),
    email: invitation.email,
    name,
    company,
    job_title: input.job_title ?? null,
    phone: input.phone ?? null,
    team_id: invitation.team_id,
    role: invitation.role,
    joined_at: now,
    email_verified: true,
    // A new sign-up id: any verification link of a replaced account dies.
    signup_id: newSecretToken(16),
    created_at: now,
    updated_at: now,
  };
  // Any write failing means the address's account changed since step 2 (a
  // sign-up, another team's invitation, a verification): re-decide from it.
  const account = replacing
    ? [...replaceUnverifiedSteps(replacing, user.id, now), putSignupUserStep(user, now, replacing, { lease: false })]
    : [
        { ...claimEmailStep(user.email, user.id, now), onConditionFailed: () => new ConcurrentChangeError() },
        putNewUserStep(user),
      ];
  const steps = acceptanceSteps(opened, user.id, account);
  await transact(steps);
  return { user, identity: { password, undo: undoAcceptance(opened, user.id, steps), replacedTeamId: replacing?.team_id ?? undefined } };
}

/** What every acceptance writes around its membership steps. */
function acceptanceSteps({ invitation, tokenHash, now }: Opened, userId: string, membership: TransactStep[]): TransactStep[] {
  return [
    // First: of concurrent accepts of one token, the losers fail here and re-decide to 410.
    consumeStep(invitation, tokenHash, userId, now),
    ...membership,
    { ...countMemberStep(invitation.team_id, 1, now), onConditionFailed: () => new InvitationGoneError() },
    releasePointerStep(invitation),
    invitationAuditStep('accepted', invitation, { type: 'user', id: userId }, now),
  ];
}

/**
 * The compensating transaction of a new account's acceptance: deletes what
 * it created (email claim, user, audit event) and reverses its updates
 * (invitation pending again, member count, address pointer). The pointer
 * cannot have been taken meanwhile: while the account is in the team, a new
 * invitation to its address is refused as already_member.
 */
function undoAcceptance({ invitation, now }: Opened, userId: string, steps: TransactStep[]): TransactStep[] {
  return [
    ...undoPuts(steps.filter((step) => step.item.Put)),
    restoreStep(invitation, userId),
    countMemberStep(invitation.team_id, -1, now),
    pointToInvitationStep(invitation, null),
  ];
}

function definedProfile(input: AcceptInvitationInput): JoinProfile {
  const { name, company, job_title, phone } = input;
  return Object.fromEntries(Object.entries({ name, company, job_title, phone }).filter(([, v]) => v !== undefined));
}
