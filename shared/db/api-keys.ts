import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import { MAX_KEYS_PER_ENVIRONMENT, type KeyEnvironment } from '../domain/api-keys';
import { ConcurrentChangeError, KeyLimitReachedError, NotFoundError } from '../errors';
import { auditStep } from './audit-events';
import { keys, TABLE_NAME } from './table';
import { teamItemsPage } from './team-item-pages';
import { teamOpenStep } from './teams';
import type { TransactStep } from './transact';

/**
 * API keys. Three item types work together, always written in one transaction:
 * - the key's metadata (`TEAM#<team>` / `APIKEY#<id>`): name, environment,
 *   last four characters, creator, and the SHA-256 of the key — never the key
 *   itself, which lives in Secrets Manager only;
 * - the lookup item (`APIKEY#<sha256>`): what the authorizer reads, one GetItem
 *   per authentication; it also carries `last_used_at`;
 * - the per-environment counter (`TEAM#<team>` / `APIKEYCOUNT#<env>`), whose
 *   condition caps a team at 20 keys per environment (no read-then-write).
 */
export interface ApiKeyRecord {
  id: string;
  team_id: string;
  environment: KeyEnvironment;
  name: string | null;
  last_four: string;
  key_hash: string;
  created_at: string;
  created_by: string;
}

export interface ApiKeyView extends ApiKeyRecord {
  last_used_at: string | null;
}

export function apiKeyFromItem(item: Record<string, unknown>): ApiKeyRecord {
  const i = item as unknown as ApiKeyRecord;
  return {
    id: i.id,
    team_id: i.team_id,
    environment: i.environment,
    name: i.name ?? null,
    last_four: i.last_four,
    key_hash: i.key_hash,
    created_at: i.created_at,
    created_by: i.created_by,
  };
}

// ---------------------------------------------------------------- reads

export async function getApiKey(teamId: string, keyId: string): Promise<ApiKeyRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.apiKey(teamId, keyId), ConsistentRead: true }));
  return Item ? apiKeyFromItem(Item) : null;
}

/** When a key last authenticated (from its lookup item; minute resolution). */
async function lastUsedAt(keyHash: string): Promise<string | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.apiKeyLookup(keyHash) }));
  return (Item?.last_used_at as string | undefined) ?? null;
}

/** One page of a team's keys, oldest first, with a cursor to the next (null when none is left). */
export async function listApiKeysPage(
  teamId: string,
  limit: number,
  nextToken?: string,
): Promise<{ items: ApiKeyView[]; nextToken: string | null }> {
  const page = await teamItemsPage(teamId, keys.apiKeyPrefix(), { limit, nextToken });
  const found = page.items.map(apiKeyFromItem);
  const items = await Promise.all(found.map(async (key) => ({ ...key, last_used_at: await lastUsedAt(key.key_hash) })));
  return { items, nextToken: page.nextToken };
}

/** Every key of a team, oldest first (at most 40: 20 per environment). */
export async function listApiKeys(teamId: string): Promise<ApiKeyView[]> {
  const all: ApiKeyView[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listApiKeysPage(teamId, 100, nextToken);
    all.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return all;
}

// ---------------------------------------------------------------- writes

const COUNT = { '#count': 'count' };

/** Creating a key: counter (capped), metadata, lookup item, a check that the team is open, and the audit event. */
export function createApiKeySteps(key: ApiKeyRecord, actor: AuditActor): TransactStep[] {
  return [
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.apiKeyCount(key.team_id, key.environment),
          UpdateExpression: 'ADD #count :one SET #type = :type',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { ...COUNT, '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_KEYS_PER_ENVIRONMENT, ':type': 'api_key_count' },
        },
      },
      onConditionFailed: () => new KeyLimitReachedError(key.environment, MAX_KEYS_PER_ENVIRONMENT),
    },
    teamOpenStep(key.team_id),
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...keys.apiKey(key.team_id, key.id), type: 'api_key', ...key },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: {
            ...keys.apiKeyLookup(key.key_hash),
            type: 'api_key_lookup',
            key_id: key.id,
            team_id: key.team_id,
            environment: key.environment,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    keyAuditStep(key, actor, 'api_key.created', key.created_at),
  ];
}

/** The audit event of something done to a key: which key, never its value. */
function keyAuditStep(key: ApiKeyRecord, actor: AuditActor, action: string, at: string): TransactStep {
  return auditStep({
    teamId: key.team_id,
    at,
    actor,
    action,
    target: { type: 'api_key', id: key.id },
    details: { environment: key.environment, name: key.name, last_four: key.last_four },
  });
}

/** Deleting a key: metadata (still there), lookup item, counter, audit. */
export function deleteApiKeySteps(key: ApiKeyRecord, actor: AuditActor, at: string): TransactStep[] {
  return [
    {
      item: { Delete: { TableName: TABLE_NAME, Key: keys.apiKey(key.team_id, key.id), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new NotFoundError('api_key'),
    },
    { item: { Delete: { TableName: TABLE_NAME, Key: keys.apiKeyLookup(key.key_hash) } } },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.apiKeyCount(key.team_id, key.environment),
          UpdateExpression: 'ADD #count :minus',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: COUNT,
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    keyAuditStep(key, actor, 'api_key.deleted', at),
  ];
}

/** A reveal's audit event, written only while the key still exists. */
export function revealApiKeySteps(key: ApiKeyRecord, actor: AuditActor, at: string): TransactStep[] {
  return [
    {
      item: { ConditionCheck: { TableName: TABLE_NAME, Key: keys.apiKey(key.team_id, key.id), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new NotFoundError('api_key'),
    },
    auditStep({
      teamId: key.team_id,
      at,
      actor,
      action: 'api_key.revealed',
      target: { type: 'api_key', id: key.id },
      details: { environment: key.environment, last_four: key.last_four },
    }),
  ];
}

/**
 * When a team closes, its keys stop authenticating: the closing transaction
 * deletes every key's lookup item (the metadata stays, with the team's log).
 * It also pins both counters to what was read here, so a key created
 * meanwhile fails the closure (ConcurrentChangeError: the caller re-reads)
 * rather than survive it — and a create after the closure fails its own
 * check that the team is open.
 */
export async function closeTeamKeysSteps(teamId: string): Promise<TransactStep[]> {
  const found = await listApiKeys(teamId);
  const counted = (environment: KeyEnvironment) => found.filter((key) => key.environment === environment).length;
  return [
    ...(['live', 'test'] as const).map(
      (environment): TransactStep => ({
        item: {
          ConditionCheck: {
            TableName: TABLE_NAME,
            Key: keys.apiKeyCount(teamId, environment),
            ConditionExpression: counted(environment) === 0 ? 'attribute_not_exists(#count) OR #count = :n' : '#count = :n',
            ExpressionAttributeNames: COUNT,
            ExpressionAttributeValues: { ':n': counted(environment) },
          },
        },
        onConditionFailed: () => new ConcurrentChangeError(),
      }),
    ),
    ...found.map((key): TransactStep => ({ item: { Delete: { TableName: TABLE_NAME, Key: keys.apiKeyLookup(key.key_hash) } } })),
  ];
}
