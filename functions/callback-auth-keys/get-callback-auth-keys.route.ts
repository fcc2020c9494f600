import { CallbackAuthKeys } from '../../shared/api/callback-auth-keys';
import { items, route } from '../../shared/http/route';

export const getCallbackAuthKeysRoute = route({
  operationId: 'getCallbackAuthKeys',
  method: 'GET',
  path: '/v1/callback-auth-keys',
  handler: 'callback-auth-keys/get-callback-auth-keys',
  auth: 'user',
  permission: 'api_keys.manage',
  // CreateSecret: a team's keys are made on their first read.
  grants: { table: items(['GetItem'], ['user']), secrets: ['GetSecretValue', 'CreateSecret', 'TagResource'] },
  summary: "The team's live and test callback auth keys (made on first read)",
  tags: ['keys'],
  schemas: { responses: { 200: CallbackAuthKeys } },
});
