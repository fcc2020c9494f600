import { Accepted, PasswordResetBody } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const requestPasswordResetRoute = route({
  operationId: 'requestPasswordReset',
  method: 'POST',
  path: '/v1/auth/password-reset',
  handler: 'accounts/request-password-reset',
  auth: 'public',
  limitPerClient: true,
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem'], ['emailClaim', 'user', 'passwordReset']), email: true },
  summary: 'Email a password-reset link to a verified account (answered alike for every address)',
  tags: ['accounts'],
  schemas: { body: PasswordResetBody, responses: { 202: Accepted } },
});
