import { getInvitation, invitationAuditStep, releasePointerStep, revokeStep } from '../../db/invitations';
import { transact } from '../../db/transact';
import { InvitationNotPendingError, NotFoundError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { retryOnContention } from '../../db/retry-on-contention';
import { actorStillAllowedSteps } from '../../db/memberships';

/**
 * Revoke an invitation (manager+). Idempotent: revoking a revoked one
 * succeeds and changes nothing.
 *
 * 1. Read it in the caller's team: unknown, or another team's → 404;
 *    accepted → 409 invitation_not_pending; already revoked → done.
 * 2. In one transaction: mark it revoked (condition: still pending; an
 *    expired one may be revoked too), release the address pointer, write the
 *    audit event, re-check that the caller is still a manager+ (403). Its
 *    token is dead from then on (410). Losing a race re-runs from step 1.
 */
export async function revokeInvitation(actor: TeamActor, invitationId: string): Promise<void> {
  const { teamId } = actor;
  await retryOnContention(async () => {
    const invitation = await getInvitation(teamId, invitationId);
    if (!invitation) throw new NotFoundError('invitation');
    if (invitation.status === 'revoked') return;
    if (invitation.status === 'accepted') throw new InvitationNotPendingError('accepted');

    const now = new Date().toISOString();
    await transact([
      ...actorStillAllowedSteps(actor, 'invitations.manage'),
      revokeStep(invitation, now),
      releasePointerStep(invitation),
      invitationAuditStep('revoked', invitation, actor.audit, now),
    ]);
  });
}
