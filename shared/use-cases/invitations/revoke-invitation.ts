import { getInvitation, invitationAuditStep, releasePointerStep, revokeStep } from '../../db/invitations';
import { transact } from '../../db/transact';
import { InvitationNotPendingError, NotFoundError } from '../../errors';
import { auditActor, type Caller } from '../../http/caller';
import { retryOnContention } from '../retry-on-contention';
import { actorStillAllowed } from '../acting-member';

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
export async function revokeInvitation(caller: Caller, invitationId: string): Promise<void> {
  const teamId = caller.teamId!;
  await retryOnContention(async () => {
    const invitation = await getInvitation(teamId, invitationId);
    if (!invitation) throw new NotFoundError('invitation');
    if (invitation.status === 'revoked') return;
    if (invitation.status === 'accepted') throw new InvitationNotPendingError('accepted');

    const now = new Date().toISOString();
    await transact([
      ...actorStillAllowed(caller, 'invitations.manage'),
      revokeStep(invitation, now),
      releasePointerStep(invitation),
      invitationAuditStep('revoked', invitation, auditActor(caller), now),
    ]);
  });
}
