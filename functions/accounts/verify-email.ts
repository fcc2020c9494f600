import { verifySignupRoute } from './verify-email.route';
import { presentUser } from '../../shared/api/presenters';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';

export const handler = defineClientLimitedOperation(verifySignupRoute, async ({ body }) => {
  const user = await verifyEmail(body.token);
  return { status: 200, body: { user: presentUser(user) } };
});
