/**
 * When a failed callback is tried again. Twenty attempts in all: the first
 * immediately, then one after each of these delays — the first within 30 s
 * of a failure, growing to three hours, about 24 h from first to last.
 * Retries are not sleeps: the sender hides the message for the delay
 * (SQS ChangeMessageVisibility, at most 12 h), so SQS's receive count is the
 * attempt number and the queue's maxReceiveCount (20) moves an exhausted
 * message to its dead-letter queue.
 */
export const CALLBACK_MAX_ATTEMPTS = 20;

/**
 * How long a manual redelivery stays "pending" (further redeliver requests
 * coalesce into it) if the sender never gets to attempt it — a message
 * lost between the outbox and the queue must not silence redeliver for
 * good. The sender clears the mark as soon as it has made the attempt.
 */
export const REDELIVERY_PENDING_MAX_MS = 15 * 60 * 1000;

/** Seconds to wait after failed attempt n (index n - 1), for n = 1 … 19. */
export const CALLBACK_RETRY_DELAYS_SECONDS: readonly number[] = [
  20, 60, 120, 300, 600, 900, 1800, 2700, 3600, 3600, 5400, 5400, 7200, 7200, 7200, 9000, 10800, 10800, 10800,
];

/** SQS refuses a visibility timeout over 12 h. */
export const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/**
 * The delay before the attempt after failed attempt `attempt` (1-based), in
 * whole seconds, or null when that was the last. `scale` compresses the
 * schedule (the local stack's tests run all 20 attempts in seconds); it is
 * 1 everywhere else.
 */
export function retryDelaySeconds(attempt: number, scale = 1): number | null {
  if (attempt >= CALLBACK_MAX_ATTEMPTS) return null;
  const base = CALLBACK_RETRY_DELAYS_SECONDS[Math.max(1, attempt) - 1]!;
  return Math.min(MAX_VISIBILITY_SECONDS, Math.round(base * scale));
}

/** What a receiver's answer means for the delivery. */
export type AttemptOutcome = 'succeeded' | 'gone' | 'retry' | 'exhausted';

/**
 * Any 2xx is success; a 410 says the receiver wants no more (no retries,
 * `callback_status: failed`); anything else — another status, a redirect
 * (never followed), a timeout, a refused address — is tried again until
 * the last attempt.
 */
export function attemptOutcome(statusCode: number | null, attempt: number): AttemptOutcome {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'succeeded';
  if (statusCode === 410) return 'gone';
  return attempt >= CALLBACK_MAX_ATTEMPTS ? 'exhausted' : 'retry';
}
