import { routes } from '../routes';
import { presentUser } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { verifyEmail } from '../../shared/use-cases/verify-email';

export const handler = defineOperation(routes.verifySignup, async ({ body }) => {
  const user = await verifyEmail(body.token);
  return { status: 200, body: { user: presentUser(user) } };
});
