import { SupportUserList, SupportUserQuery } from '../../shared/api/support';
import { items, route } from '../../shared/http/route';

export const supportFindUsersRoute = route({
  operationId: 'supportFindUsers',
  method: 'GET',
  path: '/support/users',
  handler: 'support/find-users',
  auth: 'support',
  grants: { table: items(['GetItem'], ['emailClaim', 'user']) },
  summary: 'Find an account by email',
  tags: ['support'],
  schemas: { query: SupportUserQuery, responses: { 200: SupportUserList } },
});
