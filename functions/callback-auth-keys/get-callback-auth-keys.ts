import { getCallbackAuthKeysRoute } from './get-callback-auth-keys.route';
import { defineOperation } from '../../shared/http/operation';
import { readCallbackAuthKeys } from '../../shared/use-cases/callback-auth-keys/read-callback-auth-keys';

export const handler = defineOperation(getCallbackAuthKeysRoute, async ({ caller }) => {
  return { status: 200, body: await readCallbackAuthKeys(caller) };
});
