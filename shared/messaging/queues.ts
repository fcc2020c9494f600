import { ChangeMessageVisibilityCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../clients/sqs';
import type { CallbackQueueMessage, OutboxItem, TestTaskMessage } from './messages';

/**
 * The queue operations the messaging functions make. Queue URLs are passed
 * in: each function reads only the variables its grants give it.
 */
export async function sendJson(queueUrl: string, body: CallbackQueueMessage | TestTaskMessage, delaySeconds?: number): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body), DelaySeconds: delaySeconds }));
}

/** Hides a received message for `seconds` (0: receivable again at once): how retries wait without sleeping. */
export async function hideMessage(queueUrl: string, receiptHandle: string, seconds: number): Promise<void> {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
}

/** The message an outbox item becomes, and which queue it goes to. */
export function messageOf(item: OutboxItem): { queue: 'callbacks'; body: CallbackQueueMessage } | { queue: 'test-tasks'; body: TestTaskMessage } {
  if (item.kind === 'callback') {
    const { delivery_id, team_id, task_id, url, environment, redelivery } = item;
    return { queue: 'callbacks', body: { delivery_id, team_id, task_id, url, environment, ...(redelivery ? { redelivery } : {}) } };
  }
  return { queue: 'test-tasks', body: { team_id: item.team_id, task_id: item.task_id } };
}
