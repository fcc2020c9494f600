import { RefreshBody, RefreshedTokens } from '../../shared/api/accounts';
import { route } from '../../shared/http/route';

export const refreshTokenRoute = route({
  operationId: 'refreshToken',
  method: 'POST',
  path: '/v1/auth/refresh',
  handler: 'accounts/refresh-token',
  auth: 'public',
  limitPerClient: true,
  grants: { userPool: ['AdminInitiateAuth'] },
  summary: 'Exchange a refresh token for new id and access tokens',
  tags: ['accounts'],
  errors: [401],
  schemas: { body: RefreshBody, responses: { 200: RefreshedTokens } },
});
