import { confirmPasswordResetRoute } from './confirm-password-reset.route';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { confirmPasswordReset } from '../../shared/use-cases/accounts/confirm-password-reset';

export const handler = defineClientLimitedOperation(confirmPasswordResetRoute, async ({ body }) => {
  await confirmPasswordReset(body.token, body.password);
  return { status: 200, body: { message: 'Your password has been changed; every earlier session is signed out.' } };
});
