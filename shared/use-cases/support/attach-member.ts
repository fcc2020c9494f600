import { auditStep } from '../../db/audit-events';
import { findUserIdByEmail } from '../../db/email-claims';
import {
  closeSoleMemberTeamStep,
  countMemberStep,
  joinTeamStep,
  moveSoleAdminStep,
} from '../../db/memberships';
import { getTeam } from '../../db/teams';
import { AlreadyMemberError, EmailNotVerifiedError, NotFoundError, TeamClosedError } from '../../errors';
import { closeTeamKeysSteps } from '../../db/api-keys';
import { transact, type TransactStep } from '../../db/transact';
import { getUser } from '../../db/users';
import { normalizeEmail } from '../../domain/email';
import type { AuditActor } from '../../domain/actor';
import { retryOnContention } from '../../db/retry-on-contention';
import { supportTeamChange, type SupportTeamChange } from './team-view';

export interface AttachMemberInput {
  email: string;
  role: 'member' | 'manager';
  reason: string;
}

/**
 * Support moves an account that signed up on its own into a team.
 *
 * 1. Find the account by email (404 when unknown); read it and the target
 *    team (404 when unknown, 409 `team_closed` when closed). An account
 *    that never verified its address (possibly a squatter's) is 409
 *    `email_not_verified`; one already in this team is 409 `already_member`.
 * 2. Build the move from what the account was read to be, and let the
 *    transaction's conditions decide whether it still is so:
 *    - in no team: it joins (condition: still in no team);
 *    - in a team: it moves (condition: still that team's admin) and that team
 *      is closed (conditions: active, one member, this user its admin), with
 *      `team.closed` {reason, user_id, attached_to} in that team's log; its
 *      API keys' lookup items are deleted in the same transaction (they stop
 *      authenticating; a key created meanwhile sends steps 1–2 round again).
 *    Either way the target team counts one member more (condition: active)
 *    and logs `member.attached` {role, reason}. An account in a team with
 *    others, or one that joined a team meanwhile, is 409
 *    `user_in_another_team` and nothing is written; one that left its team
 *    meanwhile sends steps 1–2 round again.
 * 3. Answer the team as it now is, and the moved user.
 */
export async function attachMember(supportActor: AuditActor, teamId: string, input: AttachMemberInput): Promise<SupportTeamChange> {
  const userId = await findUserIdByEmail(normalizeEmail(input.email));
  if (!userId) throw new NotFoundError('user');
  await retryOnContention(async () => {
    const [team, user] = await Promise.all([getTeam(teamId), getUser(userId)]);
    if (!team) throw new NotFoundError('team');
    if (team.status === 'closed') throw new TeamClosedError();
    if (!user) throw new NotFoundError('user');
    // Read, not conditioned: verification never reverts, so a verified
    // account read here is still verified at the write.
    if (!user.email_verified) throw new EmailNotVerifiedError();
    // Also keeps the transaction from touching this team's item twice.
    if (user.team_id === teamId) throw new AlreadyMemberError();

    const now = new Date().toISOString();
    const actor = supportActor;
    const moveSteps: TransactStep[] = user.team_id
      ? [
          moveSoleAdminStep(userId, user.team_id, teamId, input.role, now),
          closeSoleMemberTeamStep(user.team_id, userId, now),
          // The closed team's API keys stop authenticating in the same write.
          ...(await closeTeamKeysSteps(user.team_id)),
          auditStep({
            teamId: user.team_id,
            at: now,
            actor,
            action: 'team.closed',
            target: { type: 'team', id: user.team_id },
            details: { reason: input.reason, user_id: userId, attached_to: teamId },
          }),
        ]
      : [joinTeamStep(userId, teamId, input.role, now)];
    await transact([
      countMemberStep(teamId, 1, now),
      ...moveSteps,
      auditStep({
        teamId,
        at: now,
        actor,
        action: 'member.attached',
        target: { type: 'user', id: userId },
        details: { role: input.role, reason: input.reason },
      }),
    ]);
  });
  return supportTeamChange(teamId, userId);
}
