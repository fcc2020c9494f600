import { ApiKeyIdParams, ApiKeySecret } from '../../shared/api/api-keys';
import { items, route } from '../../shared/http/route';

export const revealApiKeyRoute = route({
  operationId: 'revealApiKey',
  method: 'GET',
  path: '/v1/api-keys/{id}/secret',
  handler: 'api-keys/reveal-api-key',
  auth: 'user',
  permission: 'api_keys.manage',
  grants: { table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team']), secrets: ['GetSecretValue'] },
  summary: "Reveal an API key's value (audited: api_key.revealed)",
  tags: ['keys'],
  schemas: { params: ApiKeyIdParams, responses: { 200: ApiKeySecret } },
});
