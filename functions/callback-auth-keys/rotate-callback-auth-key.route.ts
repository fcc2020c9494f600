import { RotateCallbackAuthKeyBody, RotatedCallbackAuthKey } from '../../shared/api/callback-auth-keys';
import { items, route } from '../../shared/http/route';

export const rotateCallbackAuthKeyRoute = route({
  operationId: 'rotateCallbackAuthKey',
  method: 'POST',
  path: '/v1/callback-auth-keys/rotate',
  handler: 'callback-auth-keys/rotate-callback-auth-key',
  auth: 'user',
  permission: 'callback_keys.rotate',
  grants: {
    table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team']),
    secrets: ['GetSecretValue', 'CreateSecret', 'TagResource', 'PutSecretValue'],
  },
  summary: 'Rotate a callback auth key (admin); the previous one still signs for 24 h',
  tags: ['keys'],
  schemas: { body: RotateCallbackAuthKeyBody, responses: { 200: RotatedCallbackAuthKey } },
});
