import { Integration, IntegrationIdParams } from '../../shared/api/integrations';
import { items, route } from '../../shared/http/route';

export const getIntegrationRoute = route({
  operationId: 'getIntegration',
  method: 'GET',
  path: '/v1/integrations/{id}',
  handler: 'integrations/get-integration',
  auth: 'user',
  permission: 'integrations.manage',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: 'One storage integration: its settings, what to grant, its last verification (never its credential)',
  tags: ['integrations'],
  schemas: { params: IntegrationIdParams, responses: { 200: Integration } },
});
