import { UserAndTeam } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const getMeRoute = route({
  operationId: 'getMe',
  method: 'GET',
  path: '/v1/me',
  handler: 'accounts/get-me',
  auth: 'user',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: 'The signed-in user and their team',
  tags: ['accounts'],
  schemas: { responses: { 200: UserAndTeam } },
});
