import { SupportTeam, TeamIdParams } from '../../shared/api/support';
import { items, route } from '../../shared/http/route';

export const supportGetTeamRoute = route({
  operationId: 'supportGetTeam',
  method: 'GET',
  path: '/support/teams/{team_id}',
  handler: 'support/get-team',
  auth: 'support',
  grants: { table: items(['GetItem'], ['team'], { queriesIndex: true }) },
  summary: 'A team with its members',
  tags: ['support'],
  schemas: { params: TeamIdParams, responses: { 200: SupportTeam } },
});
