import { auditStep } from '../../db/audit-events';
import { actorStillAllowedSteps, changeRoleStep, isMemberOf, type MemberRecord } from '../../db/memberships';
import { transact } from '../../db/transact';
import { getUser } from '../../db/users';
import { can, type TeamRole } from '../../domain/permissions';
import { AdminManagedBySupportError, ForbiddenError, NotFoundError } from '../../errors';
import type { TeamActor } from '../../domain/actor';
import { retryOnContention } from '../../db/retry-on-contention';

/**
 * Change a member's role between member and manager (manager+, checked by
 * the route's permission). The admin role is support's alone.
 *
 * 1. Refuse `admin` as the new role: 403 `admin_managed_by_support`.
 * 2. Read the target: unknown, or in another team → 404 (other teams' users
 *    are never revealed); the admin → 403 `admin_managed_by_support`;
 *    already in that role → answered as is, nothing written. A manager
 *    changing their own role must still be a manager (403 if demoted since).
 * 3. In one transaction: the role change, conditioned on the team and on the
 *    role read in step 2 (so the audit's `from` is the truth), and the audit
 *    event `member.role_changed` {from, to}, and a re-check that the caller
 *    is still a manager+ of the team (403 if removed or demoted meanwhile). Whatever happened meanwhile
 *    speaks through the condition: removed → 404, made admin → 403; a role
 *    changed by someone else sends steps 2–3 round again, deciding from the
 *    new role (409 `conflict` only for a request that keeps losing).
 */
export async function changeMemberRole(actor: TeamActor, userId: string, role: TeamRole): Promise<MemberRecord> {
  if (role === 'admin') throw new AdminManagedBySupportError();
  const { teamId } = actor;
  return retryOnContention(async () => {
    const target = await getUser(userId);
    if (!isMemberOf(target, teamId)) throw new NotFoundError('member');
    if (target.role === 'admin') throw new AdminManagedBySupportError();
    // Acting on oneself, the read is the actor's own current role: one demoted
    // since this request was authorized holds the right no longer. (The
    // re-check below skips the actor's item, which this write itself conditions.)
    if (userId === actor.member?.id && !can(target.role, 'members.manage')) throw new ForbiddenError();
    if (target.role === role) return target;

    const now = new Date().toISOString();
    const change = { from: target.role, to: role };
    await transact([
      ...actorStillAllowedSteps(actor, 'members.manage', userId),
      changeRoleStep(userId, teamId, change, now),
      auditStep({
        teamId,
        at: now,
        actor: actor.audit,
        action: 'member.role_changed',
        target: { type: 'user', id: userId },
        details: change,
      }),
    ]);
    return { ...target, role, updated_at: now };
  });
}
