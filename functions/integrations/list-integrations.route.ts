import { IntegrationList } from '../../shared/api/integrations';
import { ListQuery } from '../../shared/api/common';
import { items, route } from '../../shared/http/route';

export const listIntegrationsRoute = route({
  operationId: 'listIntegrations',
  method: 'GET',
  path: '/v1/integrations',
  handler: 'integrations/list-integrations',
  auth: 'user',
  permission: 'integrations.manage',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team']) },
  summary: "The team's storage integrations, oldest first, with their last verification",
  tags: ['integrations'],
  schemas: { query: ListQuery, responses: { 200: IntegrationList } },
});
