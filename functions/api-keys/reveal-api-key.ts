import { revealApiKeyRoute } from './reveal-api-key.route';
import { defineOperation } from '../../shared/http/operation';
import { revealApiKey } from '../../shared/use-cases/api-keys/reveal-api-key';

export const handler = defineOperation(revealApiKeyRoute, async ({ caller, params }) => {
  const key = await revealApiKey(caller, params.id);
  return { status: 200, body: { key } };
});
