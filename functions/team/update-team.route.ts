import { PatchTeamBody, Team } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const patchTeamRoute = route({
  operationId: 'patchTeam',
  method: 'PATCH',
  path: '/v1/team',
  handler: 'team/update-team',
  auth: 'user',
  permission: 'team.update',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team']) },
  summary: 'Rename the team or set its callback URL',
  tags: ['team'],
  schemas: { body: PatchTeamBody, responses: { 200: Team } },
});
