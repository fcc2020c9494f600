import { CreateIntegrationBody, Integration } from '../../shared/api/integrations';
import { items, route } from '../../shared/http/route';

export const createIntegrationRoute = route({
  operationId: 'createIntegration',
  method: 'POST',
  path: '/v1/integrations',
  handler: 'integrations/create-integration',
  auth: 'user',
  permission: 'integrations.manage',
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team']),
    // DeleteSecret: the orphan credential of a create whose transaction was refused (e.g. 409 integration_limit_reached).
    secrets: ['CreateSecret', 'TagResource', 'DeleteSecret'],
    // Named in the AWS trust policy and the Google setup it answers.
    integrationRole: 'arn',
    rarelyUsed: {
      'secretsmanager:DeleteSecret':
        'Only when the create transaction is refused after the credential was stored (50 integrations already, a closed team, ' +
        'a caller demoted meanwhile), which the end-to-end tier does not reach.',
    },
  },
  summary: 'Connect cloud storage (AWS S3, Azure Blob, Google Cloud Storage); the answer says what to grant',
  tags: ['integrations'],
  errors: [409],
  schemas: { body: CreateIntegrationBody, responses: { 201: Integration } },
});
