import { auditStep } from '../../db/audit-events';
import { transferAdminSteps } from '../../db/memberships';
import { getTeam } from '../../db/teams';
import { NotFoundError, TeamClosedError } from '../../errors';
import { transact } from '../../db/transact';
import type { AuditActor } from '../../domain/actor';
import { retryOnContention } from '../../db/retry-on-contention';
import { supportTeamChange, type SupportTeamChange } from './team-view';

export interface TransferAdminInput {
  user_id: string;
  reason: string;
}

/**
 * Support makes a member of the team its admin; the old admin becomes a
 * manager.
 *
 * 1. Read the team to learn its current admin: 404 when unknown, 409
 *    `team_closed` when closed. When the user already is the admin, nothing
 *    is written and the team is answered as it is.
 * 2. In one transaction (`transferAdminSteps`): the team names the new admin
 *    only if it still names the old one, the user (a non-admin member of
 *    this team, else 404) becomes admin, the old admin becomes manager, and
 *    the audit event `admin.transferred` {from, to, reason} names support as
 *    the actor. When the admin changed meanwhile (another transfer), steps
 *    1–2 run again from the new admin.
 * 3. Answer the team as it now is, and the new admin.
 */
export async function transferAdmin(actor: AuditActor, teamId: string, input: TransferAdminInput): Promise<SupportTeamChange> {
  await retryOnContention(async () => {
    const team = await getTeam(teamId);
    if (!team) throw new NotFoundError('team');
    if (team.status === 'closed') throw new TeamClosedError();
    if (team.admin_user_id === input.user_id) return;

    const now = new Date().toISOString();
    const from = team.admin_user_id;
    await transact([
      ...transferAdminSteps(teamId, from, input.user_id, now),
      auditStep({
        teamId,
        at: now,
        actor,
        action: 'admin.transferred',
        target: { type: 'user', id: input.user_id },
        details: { from, to: input.user_id, reason: input.reason },
      }),
    ]);
  });
  return supportTeamChange(teamId, input.user_id);
}
