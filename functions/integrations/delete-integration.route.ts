import { IntegrationIdParams } from '../../shared/api/integrations';
import { items, route } from '../../shared/http/route';

export const deleteIntegrationRoute = route({
  operationId: 'deleteIntegration',
  method: 'DELETE',
  path: '/v1/integrations/{id}',
  handler: 'integrations/delete-integration',
  auth: 'user',
  permission: 'integrations.manage',
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], ['user', 'team']),
    secrets: ['DeleteSecret'],
  },
  summary: 'Disconnect storage: the integration goes, and its credential is scheduled for deletion',
  tags: ['integrations'],
  schemas: { params: IntegrationIdParams, responses: { 204: null } },
});
