import { deleteIntegrationRoute } from './delete-integration.route';
import { defineOperation } from '../../shared/http/operation';
import { deleteIntegration } from '../../shared/use-cases/integrations/delete-integration';

export const handler = defineOperation(deleteIntegrationRoute, async ({ caller, params }) => {
  await deleteIntegration(caller, params.id);
  return { status: 204 };
});
