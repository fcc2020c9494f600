import { routes } from '../routes';
import { normalizeEmail } from '../../shared/domain/email';
import { defineOperation } from '../../shared/http/operation';
import { signIn } from '../../shared/identity/cognito-users';

export const handler = defineOperation(routes.issueToken, async ({ body }) => {
  const tokens = await signIn(normalizeEmail(body.email), body.password);
  return { status: 200, body: { ...tokens, token_type: 'Bearer' } };
});
