import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { requestPasswordReset } from '../../shared/use-cases/password-reset/request-password-reset';

export const handler = defineOperation(routes.requestPasswordReset, async ({ body }) => {
  await requestPasswordReset(body.email);
  return { status: 202, body: { message: 'If this address has a verified account, a reset link is on its way.' } };
});
