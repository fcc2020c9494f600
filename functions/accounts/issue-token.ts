import { routes } from '../routes';
import { normalizeEmail } from '../../shared/domain/email';
import { definePublicOperation } from '../../shared/http/public-operation';
import { signIn } from '../../shared/identity/cognito-users';

export const handler = definePublicOperation(routes.issueToken, async ({ body }) => {
  const tokens = await signIn(normalizeEmail(body.email), body.password);
  return { status: 200, body: { ...tokens, token_type: 'Bearer' } };
});
