import { listApiKeysRoute } from './list-api-keys.route';
import { presentApiKey } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { listApiKeysPage } from '../../shared/db/api-keys';

export const handler = defineOperation(listApiKeysRoute, async ({ caller, query }) => {
  const page = await listApiKeysPage(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map(presentApiKey), next_token: page.nextToken } };
});
