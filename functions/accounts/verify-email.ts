import { routes } from '../routes';
import { presentUser } from '../../shared/api/presenters';
import { definePublicOperation } from '../../shared/http/public-operation';
import { verifyEmail } from '../../shared/use-cases/verify-email';

export const handler = definePublicOperation(routes.verifySignup, async ({ body }) => {
  const user = await verifyEmail(body.token);
  return { status: 200, body: { user: presentUser(user) } };
});
