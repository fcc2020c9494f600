import {
  countSentStep,
  extendPointerStep,
  getInvitation,
  invitationAuditStep,
  putTokenStep,
  reissueStep,
  type InvitationRecord,
} from '../../db/invitations';
import { getTeam } from '../../db/teams';
import { transact } from '../../db/transact';
import { hashToken, newSecretToken } from '../../domain/tokens';
import { InvitationNotPendingError, NotFoundError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { emailInvitation } from './email-invitation';
import { invitationExpiry, invitationsPerDay } from './policy';
import { retryOnContention } from '../../db/retry-on-contention';
import { actorStillAllowedSteps } from '../../db/memberships';

/**
 * Send a pending invitation again with a new token and expiry (manager+).
 *
 * 1. Read the invitation in the caller's team: unknown, or another team's →
 *    404; accepted or revoked → 409 invitation_not_pending. An expired one is
 *    still pending underneath, and a resend revives it.
 * 2. In one transaction: count the email against the daily cap (429), give
 *    the invitation the new token's hash and expiry (condition: still
 *    pending, so a concurrent accept or revoke wins cleanly), keep the address
 *    pointer alive as long, write the new token's item and the audit event,
 *    and re-check that the caller is still a manager+ of the team (403).
 *    The old token's item stays but no longer matches: it is answered 410.
 *    Losing a race re-runs from step 1.
 * 3. Email the new link and record whether SES took it.
 */
export async function resendInvitation(actor: TeamActor, invitationId: string): Promise<InvitationRecord> {
  const { teamId } = actor;
  const team = await getTeam(teamId);
  if (!team) throw new NotFoundError('team');

  const { invitation, token } = await retryOnContention(async () => {
    const current = await getInvitation(teamId, invitationId);
    if (!current) throw new NotFoundError('invitation');
    if (current.status !== 'pending') throw new InvitationNotPendingError(current.status);

    const now = new Date().toISOString();
    const token = newSecretToken();
    const invitation: InvitationRecord = {
      ...current,
      token_hash: hashToken(token),
      expires_at: invitationExpiry(now),
      email_status: 'failed',
    };
    await transact([
      ...actorStillAllowedSteps(actor, 'invitations.manage'),
      countSentStep(teamId, now, invitationsPerDay()),
      reissueStep(invitation, invitation.token_hash, invitation.expires_at),
      extendPointerStep(invitation, invitation.expires_at),
      putTokenStep(invitation.token_hash, invitation),
      invitationAuditStep('resent', invitation, actor.audit, now),
    ]);
    return { invitation, token };
  });

  const emailStatus = await emailInvitation(invitation, token, team.name);
  return { ...invitation, email_status: emailStatus };
}
