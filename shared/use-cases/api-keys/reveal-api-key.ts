import { getApiKey, revealApiKeySteps } from '../../db/api-keys';
import { actorStillAllowedSteps } from '../../db/memberships';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { NotFoundError } from '../../errors';
import { readApiKeySecret } from '../../secrets/api-key-secrets';

/**
 * Reveal an API key's value (manager+).
 *
 * 1. Read its metadata in the caller's team: unknown or another team's → 404.
 * 2. Read the value from Secrets Manager.
 * 3. Write `api_key.revealed` (with the caller's re-check, and the key still
 *    there); only then answer: no reveal without its audit event.
 */
export async function revealApiKey(actor: TeamActor, keyId: string): Promise<string> {
  const key = await getApiKey(actor.teamId, keyId);
  if (!key) throw new NotFoundError('api_key');
  const value = await readApiKeySecret(key.team_id, key.id);
  if (!value) throw new NotFoundError('api_key');
  await transact([...actorStillAllowedSteps(actor, 'api_keys.manage'), ...revealApiKeySteps(key, actor.audit, new Date().toISOString())]);
  return value;
}
