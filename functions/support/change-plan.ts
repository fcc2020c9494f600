import { supportChangePlanRoute } from './change-plan.route';
import { presentSupportTeam } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { changePlan } from '../../shared/use-cases/support/change-plan';

export const handler = defineOperation(supportChangePlanRoute, async ({ caller, params, body }) => {
  const { team, members } = await changePlan(caller.audit, params.team_id, body);
  return { status: 200, body: presentSupportTeam(team, members) };
});
