import { BatchProcessor, EventType, FullBatchFailureError, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { envFlag, requireEnv } from '../../shared/config';
import { RECEIVER_BUSY_DELAY_SECONDS } from '../../shared/domain/receiver-fairness';
import { callbackMessageSchema, parseMessage } from '../../shared/messaging/messages';
import { hideMessage, sendJson } from '../../shared/messaging/queues';
import { logger } from '../../shared/powertools';
import { readCallbackBodies } from '../../shared/use-cases/callbacks/callback-body';
import { CallbackBatch } from '../../shared/use-cases/callbacks/callback-batch';
import type { DeliveryContext } from '../../shared/use-cases/callbacks/deliver-callback';

/**
 * The callback sender: one message per delivery, one attempt per receive.
 * A batch's messages are sent by receiver lanes (see callback-batch.ts):
 * each receiver's one after another on a slot held for the batch.
 * A failed attempt hides its message until the next retry is due
 * (ChangeMessageVisibility) and is reported as a batch item failure, so SQS
 * keeps it; the receive count is the attempt number and the queue's
 * maxReceiveCount moves an exhausted one to the dead-letter queue. A message
 * whose receiver is busy is re-sent with a short delay (and the original
 * deleted), so waiting for a slot spends none of its attempts.
 */
const QUEUE_URL = requireEnv('CALLBACK_QUEUE_URL');
const policy = { allowLoopbackHttp: envFlag('ALLOW_LOOPBACK_CALLBACKS') };
// Set on the local stack only, so its tests can run all 20 attempts in seconds.
const retryScale = Number(process.env.CALLBACK_RETRY_SCALE ?? '1');

const processor = new BatchProcessor(EventType.SQS);

class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
}

async function send(batch: CallbackBatch, record: SQSRecord): Promise<void> {
  const message = parseMessage(callbackMessageSchema, record.body);
  const result = await batch.deliver(message, Number(record.attributes.ApproximateReceiveCount));
  const context = { task_id: message.task_id, delivery_id: message.delivery_id, result: result.kind };
  switch (result.kind) {
    case 'done':
      return;
    case 'busy':
      await sendJson(QUEUE_URL, { ...message, attempts_made: result.attemptsMade }, RECEIVER_BUSY_DELAY_SECONDS + Math.floor(Math.random() * 3));
      logger.info('callback deferred: receiver busy (or no time left for an attempt)', context);
      return;
    case 'retry':
      await hideMessage(QUEUE_URL, record.receiptHandle, result.delaySeconds);
      logger.info('callback attempt failed; retry scheduled', { ...context, attempt: result.attempt, delay_seconds: result.delaySeconds });
      throw new AttemptFailed(`attempt ${result.attempt} failed`);
    case 'exhausted':
      // Receivable again at once: the next receive passes maxReceiveCount and SQS moves it to the DLQ.
      await hideMessage(QUEUE_URL, record.receiptHandle, 0);
      logger.warn('callback delivery gave up', context);
      throw new AttemptFailed('last attempt failed');
  }
}

export const handler = async (event: SQSEvent, context: Context) => {
  const ctx: DeliveryContext = { policy, retryScale, readBodies: readCallbackBodies, remainingMs: () => context.getRemainingTimeInMillis() };
  const batch = new CallbackBatch(ctx);
  try {
    // A batch whose every callback failed is a bad day for its receivers, not for the sender: reported item by
    // item, not as a failed invocation (the errors alarm means a bug or a dependency down) — unless it was one.
    const response = await processPartialResponse(event, (record: SQSRecord) => send(batch, record), processor, { context, throwOnFullBatchFailure: false });
    const unexpected = processor.errors.filter((error) => !(error instanceof AttemptFailed));
    for (const error of unexpected) logger.error('callback message could not be processed', { error });
    if (unexpected.length > 0 && response.batchItemFailures.length === event.Records.length) throw new FullBatchFailureError(unexpected);
    return response;
  } finally {
    // Not before every lane has released its slot (even when every record failed): a frozen container would hold it until the lease ends.
    for (const error of await batch.settled()) logger.warn('could not release a receiver slot; its lease will end it', { error: String(error) });
  }
};
