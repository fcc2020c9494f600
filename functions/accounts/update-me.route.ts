import { PatchMeBody, UserAndTeam } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const patchMeRoute = route({
  operationId: 'patchMe',
  method: 'PATCH',
  path: '/v1/me',
  handler: 'accounts/update-me',
  auth: 'user',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem'], ['user', 'team']) },
  summary: 'Edit profile fields',
  tags: ['accounts'],
  schemas: { body: PatchMeBody, responses: { 200: UserAndTeam } },
});
