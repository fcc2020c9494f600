import { createApiKeySteps, type ApiKeyView } from '../../db/api-keys';
import { actorStillAllowedSteps } from '../../db/memberships';
import { retryOnContention } from '../../db/retry-on-contention';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { lastFour, newApiKey, type KeyEnvironment } from '../../domain/api-keys';
import { newId } from '../../domain/ids';
import { hashToken } from '../../domain/tokens';
import { logger } from '../../powertools';
import { createApiKeySecret, scheduleApiKeySecretDeletion } from '../../secrets/api-key-secrets';

export interface CreateApiKeyInput {
  environment: KeyEnvironment;
  name?: string;
}

/**
 * Create an API key (manager+, checked by the route).
 *
 * 1. Make the key: prefix, random part, checksum.
 * 2. Write its value to Secrets Manager (one secret per key, tagged with team
 *    and environment). Refused → nothing else is written; the error propagates.
 * 3. In one transaction: count it against the team's 20 per environment
 *    (409 key_limit_reached), check the team is open, write the metadata and
 *    the lookup item (SHA-256 of the key: what the authorizer reads),
 *    re-check that the caller is still a manager+, write `api_key.created`.
 * 4. If the transaction is refused, schedule the orphan secret's deletion:
 *    without its lookup item it authenticates nothing, and its name (a fresh
 *    key id) blocks no retry.
 */
export async function createApiKey(actor: TeamActor, input: CreateApiKeyInput): Promise<ApiKeyView & { key: string }> {
  const key = newApiKey(input.environment);
  const now = new Date().toISOString();
  const record = {
    id: newId('key', Date.parse(now)),
    team_id: actor.teamId,
    environment: input.environment,
    name: input.name ?? null,
    last_four: lastFour(key),
    key_hash: hashToken(key),
    created_at: now,
    created_by: actor.audit.id,
  };
  await createApiKeySecret(record.team_id, record.id, record.environment, key);
  try {
    // Concurrent creates contend on the counter item: the losers retry the same transaction.
    await retryOnContention(() => transact([...actorStillAllowedSteps(actor, 'api_keys.manage'), ...createApiKeySteps(record, actor.audit)]));
  } catch (error) {
    await scheduleApiKeySecretDeletion(record.team_id, record.id).catch((cleanup: unknown) =>
      logger.error('Could not delete the secret of an API key that was never created', { keyId: record.id, error: String(cleanup) }),
    );
    throw error;
  }
  return { ...record, last_used_at: null, key };
}
