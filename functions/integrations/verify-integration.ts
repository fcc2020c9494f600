import { verifyIntegrationRoute } from './verify-integration.route';
import { defineOperation } from '../../shared/http/operation';
import { verifyIntegration } from '../../shared/use-cases/integrations/verify-integration';

export const handler = defineOperation(verifyIntegrationRoute, async ({ caller, params }) => {
  const verification = await verifyIntegration(caller, params.id);
  return { status: 200, body: verification };
});
