import { LogoutBody } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const logoutRoute = route({
  operationId: 'logout',
  method: 'POST',
  path: '/v1/auth/logout',
  handler: 'accounts/logout',
  auth: 'user',
  // write: the account's sessions_revoked_at.
  grants: { table: items(['GetItem', 'UpdateItem'], ['user']), userPool: ['AdminUserGlobalSignOut'] },
  summary: "Sign out everywhere: the refresh token stops working, with every token the account was issued",
  tags: ['accounts'],
  schemas: { body: LogoutBody, responses: { 204: null } },
});
