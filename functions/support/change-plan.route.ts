import { ChangePlanBody, SupportTeam, TeamIdParams } from '../../shared/api/support';
import { items, route } from '../../shared/http/route';

export const supportChangePlanRoute = route({
  operationId: 'supportChangePlan',
  method: 'POST',
  path: '/support/teams/{team_id}/plan',
  handler: 'support/change-plan',
  auth: 'support',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem'], ['team'], { queriesIndex: true }) },
  summary: "Set a team's billing plan (enterprise teams get their invoices by email)",
  tags: ['support'],
  schemas: { params: TeamIdParams, body: ChangePlanBody, responses: { 200: SupportTeam } },
});
