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
    table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team', 'teamCallbackSlot']),
    secrets: ['GetSecretValue', 'CreateSecret', 'TagResource', 'PutSecretValue'],
    // Keys are made at verification (or by the migration); a rotation makes one only if that was lost.
    rarelyUsed: {
      'secretsmanager:CreateSecret': 'a key lost between verification and its creation (the read-side safety net)',
      'secretsmanager:TagResource': 'CreateSecret with tags, as above',
    },
  },
  summary: 'Rotate a callback auth key (admin); the previous one still signs for 24 h',
  tags: ['keys'],
  schemas: { body: RotateCallbackAuthKeyBody, responses: { 200: RotatedCallbackAuthKey } },
});
