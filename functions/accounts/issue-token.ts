import { routes } from '../routes';
import { defineOperation } from '../../shared/http/operation';
import { signInWithPassword } from '../../shared/use-cases/sign-in';

export const handler = defineOperation(routes.issueToken, async ({ body }) => {
  const tokens = await signInWithPassword(body.email, body.password);
  return { status: 200, body: { ...tokens, token_type: 'Bearer' } };
});
