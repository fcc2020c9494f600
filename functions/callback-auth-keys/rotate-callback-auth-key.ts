import { rotateCallbackAuthKeyRoute } from './rotate-callback-auth-key.route';
import { defineOperation } from '../../shared/http/operation';
import { rotateCallbackAuthKey } from '../../shared/use-cases/callback-auth-keys/rotate-callback-auth-key';

export const handler = defineOperation(rotateCallbackAuthKeyRoute, async ({ caller, body }) => {
  const key = await rotateCallbackAuthKey(caller, body.environment);
  return { status: 200, body: { environment: body.environment, key } };
});
