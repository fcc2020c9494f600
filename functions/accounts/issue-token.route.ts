import { TokenBody, Tokens } from '../../shared/api/accounts';
import { route } from '../../shared/http/route';

export const issueTokenRoute = route({
  operationId: 'issueToken',
  method: 'POST',
  path: '/v1/auth/token',
  handler: 'accounts/issue-token',
  auth: 'public',
  grants: { userPool: ['AdminInitiateAuth'] },
  summary: 'Sign in with email and password',
  tags: ['accounts'],
  errors: [401],
  schemas: { body: TokenBody, responses: { 200: Tokens } },
});
