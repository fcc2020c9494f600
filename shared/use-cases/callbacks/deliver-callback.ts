import { postCallback, type Resolver } from '../../clients/callback-http';
import { acquireReceiverSlot, clearRedeliveryPending, recordCallbackAttempt, releaseReceiverSlot, setCallbackStatus } from '../../db/callback-deliveries';
import { attemptOutcome, CALLBACK_MAX_ATTEMPTS, retryDelaySeconds } from '../../domain/callback-retry';
import { newId } from '../../domain/ids';
import { CALLBACK_TIMEOUT_MS, CALLBACKS_IN_FLIGHT_PER_RECEIVER, RECEIVER_LEASE_MS, receiverOf } from '../../domain/receiver-fairness';
import type { UrlPolicy } from '../../domain/url-safety';
import { webhookHeaders } from '../../domain/webhook-signature';
import type { KeyEnvironment } from '../../domain/api-keys';
import { callbackSigningKeys } from '../../secrets/callback-auth-keys';

/** A callbacks-queue message, as the outbox relay sends it. */
export interface CallbackMessage {
  delivery_id: string;
  team_id: string;
  task_id: string;
  url: string;
  environment: KeyEnvironment;
  /** Attempts made before this copy of the message was sent (a message deferred while its receiver was busy). */
  attempts_made?: number;
  /** A manual redelivery's `redelivery_pending` mark, cleared once this message has been attempted. */
  redelivery?: string;
}

/** The contract's callback body, read fresh when the attempt is made; null when the task is gone. */
export type CallbackBodyReader = (taskId: string) => Promise<{ task: unknown; response: unknown } | null>;

export interface DeliveryContext {
  /** SQS's receive count of this copy: with `attempts_made`, the attempt number. */
  receiveCount: number;
  policy: UrlPolicy;
  /** Compresses the retry schedule (the local stack's tests); 1 elsewhere. */
  retryScale: number;
  readBody: CallbackBodyReader;
  resolve?: Resolver;
  now?: () => Date;
}

export type DeliveryResult =
  /** Nothing more to do for this message (delivered, refused for good by a 410, or the task is gone). */
  | { kind: 'done' }
  /** Failed: try again after this many seconds. */
  | { kind: 'retry'; delaySeconds: number; attempt: number }
  /** The last attempt failed: `callback_status: failed`, and the message is left for the dead-letter queue. */
  | { kind: 'exhausted' }
  /** The receiver already has its share of callbacks in flight: no attempt was made. */
  | { kind: 'busy'; attemptsMade: number };

/**
 * One attempt of one delivery: POST the contract body with the team's
 * `refonte-callback-auth` key and a fresh Standard Webhooks signature (both
 * keys' during a rotation), record the attempt, and say what comes next.
 * Idempotent on redelivery: every attempt is a new record, the status update
 * is a plain SET, and a receiver de-duplicates by the stable `webhook-id`.
 */
export async function deliverCallback(message: CallbackMessage, ctx: DeliveryContext): Promise<DeliveryResult> {
  const now = ctx.now ?? (() => new Date());
  const attempt = (message.attempts_made ?? 0) + ctx.receiveCount;
  if (attempt > CALLBACK_MAX_ATTEMPTS) {
    // A copy received again after its last attempt: only the dead-letter queue is left.
    await setCallbackStatus(message.task_id, 'failed', now().toISOString());
    return { kind: 'exhausted' };
  }
  const receiver = receiverOf(message.url);
  const holder = newId('dlv');
  // The reads do not need the slot: overlap them with taking it (a busy receiver wastes two reads, rarely).
  const reads = Promise.all([ctx.readBody(message.task_id), callbackSigningKeys(message.team_id, message.environment, now())]);
  reads.catch(() => undefined); // awaited below, or abandoned when the receiver is busy
  const slot = await acquireReceiverSlot(receiver, holder, CALLBACKS_IN_FLIGHT_PER_RECEIVER, RECEIVER_LEASE_MS);
  if (slot === null) return { kind: 'busy', attemptsMade: attempt - 1 };
  let released: Promise<void> | null = null;
  const release = () => (released ??= releaseReceiverSlot(receiver, slot, holder));
  try {
    const [content, keys] = await reads;
    if (!content) return { kind: 'done' };
    const body = JSON.stringify({ task_id: message.task_id, status: 'completed', task: content.task, response: content.response });
    const startedAt = now();
    const outcome = await postCallback({
      url: message.url,
      body,
      timeoutMs: CALLBACK_TIMEOUT_MS,
      policy: ctx.policy,
      resolve: ctx.resolve,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Refonte-Callbacks/1',
        'refonte-callback-auth': keys[0]!,
        ...webhookHeaders(keys, message.delivery_id, body, startedAt),
      },
    });
    const statusCode = outcome.kind === 'answered' ? outcome.statusCode : null;
    const next = attemptOutcome(statusCode, attempt);
    const finalStatus = next === 'succeeded' ? 'succeeded' : next === 'gone' || next === 'exhausted' ? 'failed' : null;
    const record = async () => {
      await recordCallbackAttempt({
        id: holder,
        delivery_id: message.delivery_id,
        task_id: message.task_id,
        attempt,
        at: startedAt.toISOString(),
        url: message.url,
        status_code: statusCode,
        duration_ms: now().getTime() - startedAt.getTime(),
        error: outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'failed' ? outcome.error : statusCode! >= 300 ? `HTTP ${statusCode}` : null,
      });
      // After the attempt's record: whoever sees the final status finds the attempt that decided it.
      if (finalStatus) await setCallbackStatus(message.task_id, finalStatus, now().toISOString());
    };
    // The POST is over: the receiver's slot is free again while the writes go on beside it.
    // Attempted: redeliver requests from now on send again (until now they coalesced into this one).
    await Promise.all([record(), release(), message.redelivery ? clearRedeliveryPending(message.task_id, message.redelivery) : undefined]);
    if (next === 'succeeded' || next === 'gone') return { kind: 'done' };
    if (next === 'exhausted') return { kind: 'exhausted' };
    return { kind: 'retry', delaySeconds: retryDelaySeconds(attempt, ctx.retryScale)!, attempt };
  } finally {
    await release();
  }
}
