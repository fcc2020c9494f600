import { TokenBody, Tokens } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const issueTokenRoute = route({
  operationId: 'issueToken',
  method: 'POST',
  path: '/v1/auth/token',
  handler: 'accounts/issue-token',
  auth: 'public',
  limitPerClient: true,
  // The email claim a signed-in identity must match, and the address's sign-in lock (its failure counter).
  grants: { table: items(['GetItem'], ['emailClaim', 'rateCounter']), userPool: ['AdminInitiateAuth'] },
  summary: 'Sign in with email and password',
  tags: ['accounts'],
  errors: [401],
  schemas: { body: TokenBody, responses: { 200: Tokens } },
});
