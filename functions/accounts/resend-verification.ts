import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { resendVerification } from '../../shared/use-cases/resend-verification';

export const handler = defineOperation(routes.resendVerification, async ({ body }) => {
  await resendVerification(body.email);
  return {
    status: 202,
    body: { message: 'If this address has an account waiting for verification, a new link is on its way.' },
  };
});
