import { ApiKeyList } from '../../shared/api/api-keys';
import { ListQuery } from '../../shared/api/common';
import { items, route } from '../../shared/http/route';

export const listApiKeysRoute = route({
  operationId: 'listApiKeys',
  method: 'GET',
  path: '/v1/api-keys',
  handler: 'api-keys/list-api-keys',
  auth: 'user',
  permission: 'api_keys.manage',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team', 'apiKeyLookup']) },
  summary: "The team's API keys (never their values)",
  tags: ['keys'],
  schemas: { query: ListQuery, responses: { 200: ApiKeyList } },
});
