import { ApiKeyIdParams } from '../../shared/api/api-keys';
import { items, route } from '../../shared/http/route';

export const deleteApiKeyRoute = route({
  operationId: 'deleteApiKey',
  method: 'DELETE',
  path: '/v1/api-keys/{id}',
  handler: 'api-keys/delete-api-key',
  auth: 'user',
  permission: 'api_keys.manage',
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], ['user', 'team', 'apiKeyLookup']),
    secrets: ['DeleteSecret'],
  },
  summary: 'Delete an API key: it stops authenticating within 60 s (the authorizer cache)',
  tags: ['keys'],
  schemas: { params: ApiKeyIdParams, responses: { 204: null } },
});
