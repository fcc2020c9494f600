import { IntegrationIdParams, VerificationResult } from '../../shared/api/integrations';
import { items, route } from '../../shared/http/route';

export const verifyIntegrationRoute = route({
  operationId: 'verifyIntegration',
  method: 'POST',
  path: '/v1/integrations/{id}/verify',
  handler: 'integrations/verify-integration',
  auth: 'user',
  permission: 'integrations.manage',
  grants: {
    table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team']),
    secrets: ['GetSecretValue'],
    // The one function that acts as the platform's integration role.
    integrationRole: 'assume',
  },
  summary: 'Check each permission the platform needs on the storage (a failed check is 200 with ok: false)',
  tags: ['integrations'],
  // The checks have 10 s; the read before and the write after need time too.
  timeoutSeconds: 20,
  // Each storage provider's SDK is loaded by the one verification that needs it.
  codeSplitting: true,
  schemas: { params: IntegrationIdParams, responses: { 200: VerificationResult } },
});
