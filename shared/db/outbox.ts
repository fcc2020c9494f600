import type { KeyEnvironment } from '../domain/api-keys';
import { newId } from '../domain/ids';
import { keys, TABLE_NAME, ttlEpoch } from './table';
import type { TransactStep } from './transact';

/**
 * The transactional outbox. A change that must cause a message (a completed
 * task's callback, a test task's completion) writes an outbox item in its own
 * transaction; the table's stream relays each new item to its queue. So the
 * change and the message cannot be separated by a crash: no "write, then
 * send to SQS". Items expire after 7 days (TTL); the relay reads INSERTs only.
 */
export type OutboxKind = 'callback' | 'test_task';

export const OUTBOX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface OutboxBase {
  id: string;
  kind: OutboxKind;
  team_id: string;
  task_id: string;
  created_at: string;
}

/** A callback delivery to send: `delivery_id` is the Standard Webhooks `webhook-id`, stable across attempts and redeliveries. */
export interface CallbackOutboxItem extends OutboxBase {
  kind: 'callback';
  delivery_id: string;
  url: string;
  environment: KeyEnvironment;
  /** Set on a manual redelivery: the task's `redelivery_pending` mark, which the sender clears once it has attempted. */
  redelivery?: string;
}

/** A test task for the platform to complete (through the test-tasks delay queue). */
export interface TestTaskOutboxItem extends OutboxBase {
  kind: 'test_task';
}

export type OutboxItem = CallbackOutboxItem | TestTaskOutboxItem;

type OutboxInput<T extends OutboxItem> = Omit<T, 'id' | 'kind'>;

function putOutboxStep(item: OutboxItem): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: { ...keys.outbox(item.id), ...item, expires_at_epoch: ttlEpoch(item.created_at, OUTBOX_TTL_MS) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
}

export function callbackOutboxStep(input: OutboxInput<CallbackOutboxItem>): TransactStep {
  return putOutboxStep({ id: newId('obx', Date.parse(input.created_at)), kind: 'callback', ...input });
}

export function testTaskOutboxStep(input: OutboxInput<TestTaskOutboxItem>): TransactStep {
  return putOutboxStep({ id: newId('obx', Date.parse(input.created_at)), kind: 'test_task', ...input });
}

/** A new delivery's id (`msg_…`): the `webhook-id` every attempt of it carries. */
export function newDeliveryId(at: string): string {
  return newId('msg', Date.parse(at));
}
