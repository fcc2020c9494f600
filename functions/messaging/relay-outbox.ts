import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../../shared/config';
import { outboxItemSchema } from '../../shared/messaging/messages';
import { messageOf, sendJson } from '../../shared/messaging/queues';
import { logger } from '../../shared/powertools';

/**
 * The outbox relay: the table's stream (filtered by the event source to
 * INSERTs of `OUTBOX#` items) → one message on the callbacks queue or the
 * test-tasks delay queue per outbox item. A record that cannot be sent is
 * reported as a batch item failure, so the stream retries from it (and
 * after the mapping's retries, it goes to the failure queue); sends are
 * at-least-once, which both consumers tolerate.
 */
const QUEUE_URLS = { callbacks: requireEnv('CALLBACK_QUEUE_URL'), 'test-tasks': requireEnv('TEST_TASK_QUEUE_URL') } as const;

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function relay(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  if (record.eventName !== 'INSERT' || !image) return;
  const item = outboxItemSchema.parse(unmarshall(image as Record<string, NativeAttributeValue>));
  const { queue, body } = messageOf(item);
  await sendJson(QUEUE_URLS[queue], body);
  logger.info('outbox item relayed', { queue, task_id: body.task_id });
}

export const handler = async (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, relay, processor, { context });
