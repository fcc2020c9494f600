import { resendVerificationRoute } from './resend-verification.route';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { resendVerification } from '../../shared/use-cases/accounts/resend-verification';

export const handler = defineClientLimitedOperation(resendVerificationRoute, async ({ body }) => {
  await resendVerification(body.email);
  return {
    status: 202,
    body: { message: 'If this address has an account waiting for verification, a new link is on its way.' },
  };
});
