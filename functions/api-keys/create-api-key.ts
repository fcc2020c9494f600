import { createApiKeyRoute } from './create-api-key.route';
import { presentApiKey } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { createApiKey } from '../../shared/use-cases/api-keys/create-api-key';

export const handler = defineOperation(createApiKeyRoute, async ({ caller, body }) => {
  const created = await createApiKey(caller, body);
  return { status: 201, body: { ...presentApiKey(created), key: created.key } };
});
