import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { keys, TABLE_NAME } from './table';

export interface ApiKeyIdentity {
  keyId: string;
  teamId: string;
  environment: 'live' | 'test';
}

/** `last_used_at` moves at most this often per key. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The authorizer's one read per API key: the lookup item by the key's
 * SHA-256 (eventually consistent: a just-created key may take a moment; a
 * deleted one is gone at once for every later read that misses the cache).
 */
export async function findApiKeyByHash(keyHash: string): Promise<(ApiKeyIdentity & { lastUsedAt: string | null }) | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.apiKeyLookup(keyHash) }));
  if (!Item || Item.revoked_at) return null;
  return {
    keyId: Item.key_id as string,
    teamId: Item.team_id as string,
    environment: Item.environment as 'live' | 'test',
    lastUsedAt: (Item.last_used_at as string | undefined) ?? null,
  };
}

/** Whether `last_used_at` is due for a move (the caller knows it from the lookup it just made: no extra read). */
export function lastUsedIsStale(lastUsedAt: string | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - Date.parse(lastUsedAt) >= LAST_USED_RESOLUTION_MS;
}

/**
 * Records a use, at most once a minute per key whoever calls it: the
 * condition refuses a move within the minute (another container got there
 * first), and a deleted key's lookup item is never re-created.
 */
export async function touchApiKeyLastUsed(keyHash: string, now: Date): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.apiKeyLookup(keyHash),
        UpdateExpression: 'SET last_used_at = :now',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(last_used_at) OR last_used_at <= :before)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':before': new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString(),
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
}
