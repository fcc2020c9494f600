import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { batchPutItems } from './batch-items';
import type { CallbackAttemptRecord } from './callback-attempts';
import { keys, TABLE_NAME, ttlEpoch } from './table';

/**
 * The callback sender's writes: one item per delivery attempt (read by
 * `GET /v1/tasks/{id}/callbacks`), the task's `callback_status`, and each
 * receiver's in-flight slots (see shared/domain/receiver-fairness.ts).
 */
/** An attempt as the sender writes it: the read side's record, in its task's partition. */
export interface CallbackAttempt extends CallbackAttemptRecord {
  task_id: string;
}

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** Sends a conditional write; false when its condition did not hold (nothing was written), any other error thrown. */
async function conditionally(command: UpdateCommand | DeleteCommand): Promise<boolean> {
  try {
    await dynamo.send(command);
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}

/**
 * Attempts are kept as long as the task's other history: no TTL. Each is
 * keyed by a fresh id, so a redelivered message adds, never overwrites; a
 * lane's attempts go in one BatchWriteItem.
 */
export async function recordCallbackAttempts(attempts: readonly CallbackAttempt[]): Promise<void> {
  await batchPutItems(attempts.map((attempt) => ({ ...keys.callbackAttempt(attempt.task_id, attempt.at, attempt.id), type: 'callback_attempt', ...attempt })));
}

/**
 * The sender has attempted a manual redelivery: lift its task's
 * `redelivery_pending` mark, so the next redeliver sends again. Only this
 * redelivery's own mark: a newer one (set after this mark expired) stays.
 */
export async function clearRedeliveryPending(taskId: string, mark: string): Promise<void> {
  await conditionally(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: keys.task(taskId),
      UpdateExpression: 'REMOVE redelivery_pending, redelivery_pending_until',
      ConditionExpression: 'redelivery_pending = :mark',
      ExpressionAttributeValues: { ':mark': mark },
    }),
  );
}

/**
 * `succeeded` or `failed` on the task itself; a task that no longer exists
 * is left alone. Delivery bookkeeping, not a change to the task: its
 * `updated_at` stays, so a redelivery carries the same message as the
 * delivery it repeats (the contract's "the same message again").
 */
export async function setCallbackStatus(taskId: string, status: 'succeeded' | 'failed'): Promise<void> {
  await conditionally(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: keys.task(taskId),
      UpdateExpression: 'SET callback_status = :status',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':status': status },
    }),
  );
}

/** A slot taken, or when the soonest held one expects to be free (its holder's estimate, else its lease's end). */
export type SlotClaim = { slot: number } | { slot: null; freeAt: number };

/** A set of lease slots: a receiver's (its cap on callbacks in flight) or a team's (its cap over all its receivers). */
export interface SlotSet {
  key(slot: number): { PK: string; SK: string };
}

export const receiverSlots = (receiver: string): SlotSet => ({ key: (slot) => keys.receiverSlot(receiver, slot) });
export const teamCallbackSlots = (teamId: string): SlotSet => ({ key: (slot) => keys.teamCallbackSlot(teamId, slot) });

/**
 * Takes a free (or expired) slot of the set for `leaseMs`, trying them
 * in turn, and says when the holder expects to be done with it
 * (`busyUntil`). One conditional PutItem per slot tried: no
 * read-then-write; a refused one returns the slot as it is, so a waiter
 * learns when to try again without another read.
 */
export async function acquireSlot(
  set: SlotSet,
  holder: string,
  slots: number,
  leaseMs: number,
  opts: { now?: number; busyUntil?: number } = {},
): Promise<SlotClaim> {
  const now = opts.now ?? Date.now();
  const first = Math.floor(Math.random() * slots);
  let freeAt = Infinity;
  for (let i = 0; i < slots; i++) {
    const slot = (first + i) % slots;
    try {
      await dynamo.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: {
            ...set.key(slot),
            type: 'callback_slot',
            holder,
            lease_until: now + leaseMs,
            busy_until: Math.min(opts.busyUntil ?? now + leaseMs, now + leaseMs),
            expires_at_epoch: ttlEpoch(new Date(now).toISOString(), leaseMs + 60 * 60 * 1000),
          },
          // Or already this holder's: the SDK retries a Put whose answer it lost (a timeout on a busy
          // table), and the retry must not find the slot taken — by itself — for a whole lease.
          ConditionExpression: 'attribute_not_exists(PK) OR lease_until < :now OR holder = :holder',
          ExpressionAttributeValues: { ':now': now, ':holder': holder },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { slot };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      freeAt = Math.min(freeAt, heldUntil((error as { Item?: Record<string, { N?: string }> }).Item, now + leaseMs));
    }
  }
  return { slot: null, freeAt };
}

/** The refused slot's own estimate (raw attribute values: the document client does not convert an error's item). */
function heldUntil(item: Record<string, { N?: string }> | undefined, fallback: number): number {
  const estimate = Number(item?.busy_until?.N ?? item?.lease_until?.N);
  return Number.isFinite(estimate) ? estimate : fallback;
}

/** Extends a slot this holder still holds to `leaseMs` from now; false when the lease was lost (expired and taken). */
export async function renewSlot(set: SlotSet, slot: number, holder: string, leaseMs: number, now = Date.now()): Promise<boolean> {
  return conditionally(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: set.key(slot),
      // A holder still sending when its lease needs renewing is slow: waiters should expect it for the whole lease.
      UpdateExpression: 'SET lease_until = :until, busy_until = :until',
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':until': now + leaseMs, ':holder': holder },
    }),
  );
}

/** Frees a slot this holder still holds (a lease that expired and was taken by another is theirs). */
export async function releaseSlot(set: SlotSet, slot: number, holder: string): Promise<void> {
  await conditionally(
    new DeleteCommand({
      TableName: TABLE_NAME,
      Key: set.key(slot),
      ConditionExpression: 'holder = :holder',
      ExpressionAttributeValues: { ':holder': holder },
    }),
  );
}
