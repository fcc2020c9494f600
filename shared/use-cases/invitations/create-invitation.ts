import { findUserIdByEmail } from '../../db/email-claims';
import {
  countSentStep,
  findPendingInvitationId,
  getInvitation,
  invitationAuditStep,
  notMemberCheckStep,
  pointToInvitationStep,
  putInvitationStep,
  putTokenStep,
  revokeStep,
  type InvitationRecord,
  type InvitationRole,
} from '../../db/invitations';
import { getTeam } from '../../db/teams';
import { transact } from '../../db/transact';
import { getUser } from '../../db/users';
import { normalizeEmail } from '../../domain/email';
import { newId } from '../../domain/ids';
import { hashToken, newSecretToken } from '../../domain/tokens';
import { AlreadyMemberError, ForbiddenError, NotFoundError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { emailInvitation } from './email-invitation';
import { invitationExpiry, invitationsPerDay } from './policy';
import { retryOnContention } from '../../db/retry-on-contention';
import { actorStillAllowedSteps } from '../../db/memberships';

export interface CreateInvitationInput {
  email: string;
  role: InvitationRole;
}

/**
 * Invite someone to the caller's team by email (manager+, checked by the route).
 *
 * 1. Refuse an address whose account is already in this team: 409
 *    already_member. An account in another team is invited like anyone else
 *    (nothing about other teams is revealed); accepting is what refuses it.
 * 2. Find the address's pending invitation in this team, if any: the new one
 *    replaces it.
 * 3. In one transaction: count the email against the team's daily cap (429),
 *    move the address pointer from the old invitation to the new one
 *    (condition: it still names the old one, so of two concurrent invitations
 *    one replaces the other), revoke the old one, write the new invitation and
 *    its token item (the token itself is kept only as a hash), re-check that
 *    the account has not joined meanwhile, re-check that the caller is
 *    still a manager+ of the team (403, nothing written, if removed or
 *    demoted meanwhile), and write the audit events.
 *    Losing a race re-runs from step 1.
 * 4. Email the accept link and record whether SES took it. A failed send
 *    leaves the invitation pending with `email_status: failed`, to be resent.
 */
export async function createInvitation(actor: TeamActor, input: CreateInvitationInput): Promise<InvitationRecord> {
  const { teamId } = actor;
  // API keys hold no invitation right (the role matrix): an invitation always has a member behind it.
  const inviter = actor.member;
  if (!inviter) throw new ForbiddenError('Invitations are sent by a team member.');
  const email = normalizeEmail(input.email);
  const team = await getTeam(teamId);
  if (!team) throw new NotFoundError('team');

  const { invitation, token } = await retryOnContention(async () => {
    const accountId = await findUserIdByEmail(email);
    const account = accountId ? await getUser(accountId) : null;
    if (account?.team_id === teamId) throw new AlreadyMemberError();
    const previousId = await findPendingInvitationId(teamId, email);
    const previous = previousId ? await getInvitation(teamId, previousId) : null;

    const now = new Date().toISOString();
    const token = newSecretToken();
    const invitation: InvitationRecord = {
      id: newId('inv'),
      team_id: teamId,
      email,
      role: input.role,
      status: 'pending',
      invited_by: inviter.id,
      invited_by_name: inviter.name,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: invitationExpiry(now),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
      replaced_by: null,
      email_status: 'failed',
    };
    // A pointer may outlive its invitation by a little (separate TTL
    // deletions): then there is nothing left to revoke, only the pointer to move.
    const replaced = previous?.status === 'pending' ? previous : null;
    await transact([
      ...actorStillAllowedSteps(actor, 'invitations.manage'),
      ...(account ? [notMemberCheckStep(account.id, teamId)] : []),
      countSentStep(teamId, now, invitationsPerDay()),
      pointToInvitationStep(invitation, previousId),
      ...(replaced
        ? [
            revokeStep(replaced, now, invitation.id),
            invitationAuditStep('revoked', replaced, actor.audit, now, { replaced_by: invitation.id }),
          ]
        : []),
      putInvitationStep(invitation),
      putTokenStep(invitation.token_hash, invitation),
      invitationAuditStep('created', invitation, actor.audit, now, replaced ? { replaces: replaced.id } : {}),
    ]);
    return { invitation, token };
  });

  const emailStatus = await emailInvitation(invitation, token, team.name);
  return { ...invitation, email_status: emailStatus };
}
