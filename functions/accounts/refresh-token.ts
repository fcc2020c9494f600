import { refreshTokenRoute } from './refresh-token.route';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { refreshSession } from '../../shared/identity/cognito-users';

export const handler = defineClientLimitedOperation(refreshTokenRoute, async ({ body }) => {
  // Cognito does not rotate refresh tokens here: the client keeps its own.
  const { refresh_token: _unchanged, ...tokens } = await refreshSession(body.refresh_token);
  return { status: 200, body: { ...tokens, token_type: 'Bearer' as const } };
});
