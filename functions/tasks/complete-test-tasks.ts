import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseMessage, testTaskMessageSchema } from '../../shared/messaging/messages';
import { logger } from '../../shared/powertools';
import { completeTestTask } from '../../shared/use-cases/tasks/complete-test-task';

/**
 * The test-task completer, fed by the test-tasks delay queue (the relay puts
 * a message there when a test task is created): completes each with its
 * type's placeholder response through the one completion use case. A
 * failure is a batch item failure, retried by SQS (DLQ after 5 receives).
 */
const processor = new BatchProcessor(EventType.SQS);

async function complete(record: SQSRecord): Promise<void> {
  const { team_id, task_id } = parseMessage(testTaskMessageSchema, record.body);
  const outcome = await completeTestTask(team_id, task_id);
  logger.info('test task processed', { task_id, outcome });
}

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, complete, processor, { context });
