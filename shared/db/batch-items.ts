import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as delay } from 'node:timers/promises';
import { dynamo } from '../clients/dynamodb';
import { TABLE_NAME } from './table';

/**
 * BatchGetItem and BatchWriteItem on the table, in the sizes DynamoDB takes
 * (100 keys, 25 writes a call), with what DynamoDB left unprocessed (a
 * throttled partition) sent again after a short jittered wait. Used where
 * many independent items are read or written at once: one call instead of
 * one each.
 */
type Key = { PK: string; SK: string };
type Item = Key & Record<string, unknown>;

const TRIES = 5;
const backoff = (n: number) => delay(Math.random() * Math.min(500, 20 * 2 ** n));

function chunks<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}

/** Strongly consistent reads of these keys (each at most once); the items found. */
export async function batchGetItems(keys: readonly Key[]): Promise<Item[]> {
  const unique = [...new Map(keys.map((key) => [`${key.PK}\u0000${key.SK}`, { PK: key.PK, SK: key.SK }])).values()];
  const found: Item[] = [];
  for (const chunk of chunks(unique, 100)) {
    let wanted: Record<string, unknown>[] = chunk;
    for (let n = 0; wanted.length > 0; n++) {
      if (n === TRIES) throw new Error(`BatchGetItem left ${wanted.length} keys unprocessed after ${TRIES} tries`);
      if (n > 0) await backoff(n);
      const { Responses, UnprocessedKeys } = await dynamo.send(new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: wanted, ConsistentRead: true } } }));
      found.push(...((Responses?.[TABLE_NAME] ?? []) as Item[]));
      wanted = UnprocessedKeys?.[TABLE_NAME]?.Keys ?? [];
    }
  }
  return found;
}

/** Puts these items (unconditionally: BatchWriteItem takes no conditions). */
export async function batchPutItems(items: readonly Item[]): Promise<void> {
  for (const chunk of chunks(items, 25)) {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let n = 0; requests.length > 0; n++) {
      if (n === TRIES) throw new Error(`BatchWriteItem left ${requests.length} writes unprocessed after ${TRIES} tries`);
      if (n > 0) await backoff(n);
      const { UnprocessedItems } = await dynamo.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }));
      requests = (UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
    }
  }
}
