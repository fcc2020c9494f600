import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, TABLE_NAME } from './table';

/**
 * The attempts of a task's callback deliveries, read side. The sender writes
 * one item per attempt in the task's partition (`CALLBACK#<at>#<attempt id>`),
 * so they read back in time order.
 */
export interface CallbackAttemptRecord {
  id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  url: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export function callbackAttemptFromItem(item: Record<string, unknown>): CallbackAttemptRecord {
  const i = item as unknown as CallbackAttemptRecord;
  return {
    id: i.id,
    delivery_id: i.delivery_id,
    attempt: i.attempt,
    at: i.at,
    url: i.url,
    status_code: i.status_code ?? null,
    duration_ms: i.duration_ms,
    error: i.error ?? null,
  };
}

/** A task's callback attempts, oldest first, a page at a time. */
export async function listCallbackAttempts(
  taskId: string,
  limit: number,
  nextToken?: string,
): Promise<{ items: CallbackAttemptRecord[]; nextToken: string | null }> {
  const { PK } = keys.task(taskId);
  const prefix = keys.callbackAttemptPrefix();
  const { Items = [], LastEvaluatedKey } = await dynamo.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
      ConsistentRead: true,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(nextToken, { equal: { PK }, prefixed: { SK: prefix } }),
    }),
  );
  return { items: Items.map(callbackAttemptFromItem), nextToken: encodeCursor(LastEvaluatedKey) };
}
