import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { confirmPasswordReset } from '../../shared/use-cases/password-reset/confirm-password-reset';

export const handler = defineOperation(routes.confirmPasswordReset, async ({ body }) => {
  await confirmPasswordReset(body.token, body.password);
  return { status: 200, body: { message: 'Your password has been changed; every earlier session is signed out.' } };
});
