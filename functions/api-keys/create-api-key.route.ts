import { CreateApiKeyBody, CreatedApiKey } from '../../shared/api/api-keys';
import { items, route } from '../../shared/http/route';

export const createApiKeyRoute = route({
  operationId: 'createApiKey',
  method: 'POST',
  path: '/v1/api-keys',
  handler: 'api-keys/create-api-key',
  auth: 'user',
  permission: 'api_keys.manage',
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team', 'apiKeyLookup']),
    // DeleteSecret: the orphan secret of a create whose transaction was refused (e.g. 409 key_limit_reached).
    secrets: ['CreateSecret', 'TagResource', 'DeleteSecret'],
  },
  summary: 'Create an API key (the value is answered once here, and by the audited reveal)',
  tags: ['keys'],
  errors: [409],
  schemas: { body: CreateApiKeyBody, responses: { 201: CreatedApiKey } },
});
