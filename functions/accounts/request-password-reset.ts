import { requestPasswordResetRoute } from './request-password-reset.route';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { requestPasswordReset } from '../../shared/use-cases/accounts/request-password-reset';

export const handler = defineClientLimitedOperation(requestPasswordResetRoute, async ({ body }) => {
  await requestPasswordReset(body.email);
  return { status: 202, body: { message: 'If this address has a verified account, a reset link is on its way.' } };
});
