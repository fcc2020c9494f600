import { Team } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const getTeamRoute = route({
  operationId: 'getTeam',
  method: 'GET',
  path: '/v1/team',
  handler: 'team/get-team',
  auth: 'user',
  permission: 'team.read',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: "The caller's team",
  tags: ['team'],
  schemas: { responses: { 200: Team } },
});
