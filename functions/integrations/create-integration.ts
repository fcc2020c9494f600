import { createIntegrationRoute } from './create-integration.route';
import { presentIntegration } from '../../shared/api/present-integration';
import { defineOperation } from '../../shared/http/operation';
import { createIntegration } from '../../shared/use-cases/integrations/create-integration';

export const handler = defineOperation(createIntegrationRoute, async ({ caller, body }) => {
  const created = await createIntegration(caller, body);
  return { status: 201, body: presentIntegration(created) };
});
