import { listIntegrationsRoute } from './list-integrations.route';
import { presentIntegration } from '../../shared/api/present-integration';
import { defineOperation } from '../../shared/http/operation';
import { listIntegrations } from '../../shared/db/integrations';

export const handler = defineOperation(listIntegrationsRoute, async ({ caller, query }) => {
  const page = await listIntegrations(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map((integration) => presentIntegration(integration)), next_token: page.nextToken } };
});
