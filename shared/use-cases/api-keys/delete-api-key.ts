import { deleteApiKeySteps, getApiKey } from '../../db/api-keys';
import { actorStillAllowedSteps } from '../../db/memberships';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { NotFoundError } from '../../errors';
import { logger } from '../../powertools';
import { scheduleApiKeySecretDeletion } from '../../secrets/api-key-secrets';

/**
 * Delete an API key (manager+).
 *
 * 1. Read it in the caller's team: unknown or another team's → 404.
 * 2. In one transaction: delete the metadata and the lookup item (from then
 *    on the authorizer finds nothing: the key stops authenticating once any
 *    cached allow expires, ≤ 60 s), release its place under the cap, re-check
 *    the caller, write `api_key.deleted`.
 * 3. Schedule the secret's deletion (7-day recovery window). A failure here
 *    is logged, not answered: the key already authenticates nothing.
 */
export async function deleteApiKey(actor: TeamActor, keyId: string): Promise<void> {
  const key = await getApiKey(actor.teamId, keyId);
  if (!key) throw new NotFoundError('api_key');
  await transact([...actorStillAllowedSteps(actor, 'api_keys.manage'), ...deleteApiKeySteps(key, actor.audit, new Date().toISOString())]);
  await scheduleApiKeySecretDeletion(key.team_id, key.id).catch((error: unknown) =>
    logger.error('Could not schedule the deletion of a deleted API key\'s secret', { keyId: key.id, error: String(error) }),
  );
}
