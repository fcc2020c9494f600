import { postCallback, type ConnectionPool, type Resolver } from '../../clients/callback-http';
import { clearRedeliveryPending, recordCallbackAttempts, setCallbackStatus, type CallbackAttempt } from '../../db/callback-deliveries';
import { attemptOutcome, retryDelaySeconds } from '../../domain/callback-retry';
import { newId } from '../../domain/ids';
import { CALLBACK_TIMEOUT_MS } from '../../domain/receiver-fairness';
import type { UrlPolicy } from '../../domain/url-safety';
import { webhookHeaders } from '../../domain/webhook-signature';
import type { KeyEnvironment } from '../../domain/api-keys';
import { callbackSigningKeys } from '../../secrets/callback-auth-keys';
import type { CallbackRead } from '../../db/callback-key-stamps';

export type { CallbackRead };

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

/** What the contract's callback body shows of a task, read fresh for each attempt, and when its key was last rotated. */
export interface CallbackContent {
  task: unknown;
  response: unknown;
  /** The team's key of the task's environment was rotated then (null: never): a key cached from before is read again. */
  keysRotatedAt: string | null;
}

/** The contents of these tasks (by task id), in one read; a task that is gone (or not completed) is absent. */
export type CallbackBodiesReader = (reads: readonly CallbackRead[]) => Promise<Map<string, CallbackContent>>;

export interface DeliveryContext {
  policy: UrlPolicy;
  /** Compresses the retry schedule (the local stack's tests); 1 elsewhere. */
  retryScale: number;
  readBodies: CallbackBodiesReader;
  /** The invocation's time left (Lambda's `getRemainingTimeInMillis`): no attempt is started that could not finish. */
  remainingMs?: () => number;
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
  /** No attempt was made (its receiver had its share of callbacks in flight, or the invocation ran out of time): send it again later. */
  | { kind: 'busy'; attemptsMade: number };

/** What an attempt reads first: the body as it is now (null: the task is gone) and the keys to sign with. */
export type AttemptInputs = Promise<[CallbackContent | null, string[]]>;

/**
 * Started as soon as the message arrives: the reads need no receiver slot,
 * so they overlap with waiting for one. `content` is the message's share of
 * its batch's one read; the keys follow it (cached, unless the content says
 * they were rotated since).
 */
export function readAttemptInputs(message: CallbackMessage, content: Promise<CallbackContent | null>, ctx: DeliveryContext): AttemptInputs {
  const now = ctx.now ?? (() => new Date());
  const inputs = content.then(
    async (found) => [found, await callbackSigningKeys(message.team_id, message.environment, now(), found?.keysRotatedAt ?? null)] as [CallbackContent | null, string[]],
  );
  inputs.catch(() => undefined); // awaited by the attempt, or abandoned when none is made
  return inputs;
}

/**
 * A copy received after its last attempt (one deferred while its receiver
 * was busy carries its earlier attempts, so SQS counts fewer receives than
 * attempts): only the dead-letter queue is left. The last attempt already
 * set `callback_status: failed`; writing it again could undo a later
 * redelivery that succeeded.
 */
export function giveUpDelivery(): Promise<DeliveryResult> {
  return Promise.resolve({ kind: 'exhausted' });
}

/** An attempt made, to be written: its record, the status it settles the task at (if any), and the redelivery mark it lifts. */
export interface MadeAttempt {
  record: CallbackAttempt;
  finalStatus: 'succeeded' | 'failed' | null;
  redelivery?: string;
}

/**
 * One attempt of one delivery, made by a lane holding a slot of the
 * message's receiver (see callback-batch.ts): POST the contract body with
 * the team's `refonte-callback-auth` key and a fresh Standard Webhooks
 * signature (both keys' during a rotation). Resolves as soon as the POST is
 * over — the receiver is free for the lane's next callback — with what
 * comes next and the attempt to record (`recordAttempts`). Idempotent on
 * redelivery: every attempt is a new record, the status update is a plain
 * SET, and a receiver de-duplicates by the stable `webhook-id`.
 */
export async function attemptCallback(
  message: CallbackMessage,
  attempt: number,
  inputs: AttemptInputs,
  ctx: DeliveryContext,
  pool?: ConnectionPool,
): Promise<{ result: DeliveryResult; made: MadeAttempt | null }> {
  const now = ctx.now ?? (() => new Date());
  const [content, keys] = await inputs;
  if (!content) return { result: { kind: 'done' }, made: null };
  const body = JSON.stringify({ task_id: message.task_id, status: 'completed', task: content.task, response: content.response });
  const startedAt = now();
  const outcome = await postCallback({
    url: message.url,
    body,
    timeoutMs: CALLBACK_TIMEOUT_MS,
    policy: ctx.policy,
    resolve: ctx.resolve,
    pool,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Refonte-Callbacks/1',
      'refonte-callback-auth': keys[0]!,
      ...webhookHeaders(keys, message.delivery_id, body, startedAt),
    },
  });
  const statusCode = outcome.kind === 'answered' ? outcome.statusCode : null;
  const next = attemptOutcome(statusCode, attempt);
  const made: MadeAttempt = {
    record: {
      id: newId('dlv'),
      delivery_id: message.delivery_id,
      task_id: message.task_id,
      attempt,
      at: startedAt.toISOString(),
      url: message.url,
      status_code: statusCode,
      duration_ms: now().getTime() - startedAt.getTime(),
      error: outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'failed' ? outcome.error : statusCode! >= 300 ? `HTTP ${statusCode}` : null,
    },
    finalStatus: next === 'succeeded' ? 'succeeded' : next === 'gone' || next === 'exhausted' ? 'failed' : null,
    redelivery: message.redelivery,
  };
  const result: DeliveryResult =
    next === 'succeeded' || next === 'gone'
      ? { kind: 'done' }
      : next === 'exhausted'
        ? { kind: 'exhausted' }
        : { kind: 'retry', delaySeconds: retryDelaySeconds(attempt, ctx.retryScale)!, attempt };
  return { result, made };
}

/**
 * Writes a lane's attempts: their records in one batch, then — after the
 * records, so whoever sees a final status finds the attempt that decided
 * it — each settled task's status; and lifts each attempted redelivery's
 * mark, so redeliver requests from now on send again (until now they
 * coalesced into this one).
 */
export async function recordAttempts(made: readonly MadeAttempt[]): Promise<void> {
  if (made.length === 0) return;
  await Promise.all([
    (async () => {
      await recordCallbackAttempts(made.map((m) => m.record));
      await Promise.all(made.flatMap((m) => (m.finalStatus ? [setCallbackStatus(m.record.task_id, m.finalStatus)] : [])));
    })(),
    ...made.flatMap((m) => (m.redelivery ? [clearRedeliveryPending(m.record.task_id, m.redelivery)] : [])),
  ]);
}
