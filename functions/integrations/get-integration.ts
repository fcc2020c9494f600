import { getIntegrationRoute } from './get-integration.route';
import { presentIntegration } from '../../shared/api/present-integration';
import { getIntegration } from '../../shared/db/integrations';
import { NotFoundError } from '../../shared/errors';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(getIntegrationRoute, async ({ caller, params }) => {
  const integration = await getIntegration(caller.teamId, params.id);
  if (!integration) throw new NotFoundError('integration');
  return { status: 200, body: presentIntegration(integration) };
});
