import { deleteApiKeyRoute } from './delete-api-key.route';
import { defineOperation } from '../../shared/http/operation';
import { deleteApiKey } from '../../shared/use-cases/api-keys/delete-api-key';

export const handler = defineOperation(deleteApiKeyRoute, async ({ caller, params }) => {
  await deleteApiKey(caller, params.id);
  return { status: 204 };
});
