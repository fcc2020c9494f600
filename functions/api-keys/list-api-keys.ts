import { listApiKeysRoute } from './list-api-keys.route';
import { presentApiKey } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { listApiKeys } from '../../shared/db/api-keys';

export const handler = defineOperation(listApiKeysRoute, async ({ caller }) => {
  const keys = await listApiKeys(caller.teamId);
  // At most 20 per environment: one page holds them all.
  return { status: 200, body: { items: keys.map(presentApiKey), next_token: null } };
});
