import { auditStep } from '../../db/audit-events';
import { countMemberStep, leaveTeamStep } from '../../db/memberships';
import { transact } from '../../db/transact';
import { can } from '../../domain/permissions';
import { ForbiddenError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { retryOnContention } from '../../db/retry-on-contention';
import { actorStillAllowedSteps } from '../../db/memberships';

/**
 * Remove a member from the caller's team, or leave it (the target is the
 * caller). The route only requires membership, so anyone may leave.
 *
 * 1. Removing someone else needs `members.manage` (manager+): a member is
 *    refused with 403 `forbidden` before anything about the target is read.
 * 2. In one transaction: the user leaves (condition: in this team and not
 *    its admin — the admin can neither be removed nor leave, 403
 *    `admin_managed_by_support`; anyone else not in this team, 404), the
 *    team counts one member less, and the audit event `member.removed` (or
 *    `member.left`) is written; removing someone else also re-checks that
 *    the caller is still a manager+ of the team (403 if not).
 *
 * The account stays, in no team, and can be invited again. Membership is
 * read on every request, so the user's very next team request is 403
 * `no_team`.
 */
export async function removeMember(actor: TeamActor, userId: string): Promise<void> {
  const { teamId } = actor;
  const leaving = userId === actor.member?.id;
  if (!leaving && !can(actor.role, 'members.manage')) {
    throw new ForbiddenError('Only managers and the admin can remove other members.');
  }
  // Nothing is read first, so there is nothing to re-decide: a retry only
  // outlives another transaction holding the same items.
  await retryOnContention(() => {
    const now = new Date().toISOString();
    return transact([
      // Leaving needs no right beyond membership, which leaveTeamStep itself conditions.
      ...(leaving ? [] : actorStillAllowedSteps(actor, 'members.manage')),
      leaveTeamStep(userId, teamId, now),
      countMemberStep(teamId, -1, now),
      auditStep({
        teamId,
        at: now,
        actor: actor.audit,
        action: leaving ? 'member.left' : 'member.removed',
        target: { type: 'user', id: userId },
      }),
    ]);
  });
}
