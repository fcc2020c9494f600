import { routes } from '../routes';
import { definePublicOperation } from '../../shared/http/public-operation';
import { resendVerification } from '../../shared/use-cases/resend-verification';

export const handler = definePublicOperation(routes.resendVerification, async ({ body }) => {
  await resendVerification(body.email);
  return {
    status: 202,
    body: { message: 'If this address has an account waiting for verification, a new link is on its way.' },
  };
});
