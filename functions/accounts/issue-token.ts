import { issueTokenRoute } from './issue-token.route';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { signInWithPassword } from '../../shared/use-cases/accounts/sign-in';

export const handler = defineClientLimitedOperation(issueTokenRoute, async ({ body }) => {
  const tokens = await signInWithPassword(body.email, body.password);
  return { status: 200, body: { ...tokens, token_type: 'Bearer' as const } };
});
