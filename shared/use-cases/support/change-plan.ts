import { auditStep } from '../../db/audit-events';
import { getTeam, setTeamPlanStep } from '../../db/teams';
import { transact } from '../../db/transact';
import type { AuditActor } from '../../domain/actor';
import type { Plan } from '../../domain/billing';
import { NotFoundError } from '../../errors';
import { getSupportTeamView, type SupportTeamView } from './team-view';

/**
 * Support sets a team's billing plan.
 *
 * 1. Read the team (404 when unknown); the same plan again writes nothing.
 * 2. In one transaction: the team's `plan` (the team must exist) and
 *    `team.plan_changed` {from, to, reason}, support as the actor.
 * 3. Answer the team as it now is.
 */
export async function changePlan(actor: AuditActor, teamId: string, input: { plan: Plan; reason: string }): Promise<SupportTeamView> {
  const team = await getTeam(teamId);
  if (!team) throw new NotFoundError('team');
  const from = team.plan ?? 'on_demand';
  if (from !== input.plan) {
    const now = new Date().toISOString();
    await transact([
      setTeamPlanStep(teamId, input.plan, now),
      auditStep({
        teamId,
        at: now,
        actor,
        action: 'team.plan_changed',
        target: { type: 'team', id: teamId },
        details: { from, to: input.plan, reason: input.reason },
      }),
    ]);
  }
  return getSupportTeamView(teamId);
}
