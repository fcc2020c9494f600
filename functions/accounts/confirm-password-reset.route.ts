import { Message, PasswordResetConfirmBody } from '../../shared/api/accounts';
import { items, route } from '../../shared/http/route';

export const confirmPasswordResetRoute = route({
  operationId: 'confirmPasswordReset',
  method: 'POST',
  path: '/v1/auth/password-reset/confirm',
  handler: 'accounts/confirm-password-reset',
  auth: 'public',
  limitPerClient: true,
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem'], ['passwordReset', 'user', 'team']),
    userPool: ['AdminSetUserPassword', 'AdminUserGlobalSignOut'],
  },
  summary: 'Set a new password with the token from the reset email; signs the account out everywhere',
  tags: ['accounts'],
  errors: [404, 410],
  schemas: { body: PasswordResetConfirmBody, responses: { 200: Message } },
});
