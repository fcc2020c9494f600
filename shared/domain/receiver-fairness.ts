/**
 * Fairness between callback receivers. Each receiver (the URL's host and
 * port) may have at most this many callbacks in flight across every sender
 * invocation, held as lease slots in the table. A slow or dead endpoint so
 * ties up at most this many sender invocations (and is never flooded),
 * leaving the rest of the sender's concurrency to everyone else; a message
 * that finds its receiver's slots taken is deferred briefly without
 * spending one of its 20 attempts.
 */
export const CALLBACKS_IN_FLIGHT_PER_RECEIVER = 2;

/** A slot outlives the 10 s attempt it covers, so a crashed sender frees it by itself. */
export const CALLBACK_TIMEOUT_MS = 10_000;
export const RECEIVER_LEASE_MS = CALLBACK_TIMEOUT_MS + 5_000;

/** How long a deferred message waits before another try for a slot (seconds; jittered by the caller). */
export const RECEIVER_BUSY_DELAY_SECONDS = 2;

/** The receiver a URL names: scheme-independent host and effective port, lower-cased. */
export function receiverOf(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname.toLowerCase()}:${port}`;
}

/**
 * A sender invocation holding a slot sends that receiver's callbacks of its
 * batch one after another over one connection, instead of taking a slot per
 * callback. One that finds every slot held waits for the soonest to come
 * free — each holder writes when it expects to be done — for at most this
 * long, before deferring its callbacks as busy.
 */
export const MAX_SLOT_WAIT_MS = 2_000;

/** What a receiver's attempt is expected to take before this container has timed one. */
export const DEFAULT_ATTEMPT_ESTIMATE_MS = 100;

/** How long a lane expects to hold its slot: its share of the callbacks waiting, at the receiver's recent pace. */
export function expectedHoldMs(queued: number, lanes: number, attemptEstimateMs: number): number {
  return Math.ceil(queued / Math.max(1, lanes)) * attemptEstimateMs;
}

/** A receiver's recent pace: an exponentially weighted average of its attempts' durations. */
export function nextAttemptEstimate(previous: number | undefined, durationMs: number): number {
  return previous === undefined ? durationMs : previous * 0.7 + durationMs * 0.3;
}

/**
 * How long a waiter sleeps before trying again: until the holder's estimate
 * (jittered), or — past it, when the holder is usually about to be done —
 * briefly, doubling from 5 ms to at most 320 ms (a holder far past its
 * estimate is slow, and a handful of tries is enough to see it through).
 */
export function slotRetryDelayMs(freeAt: number, now: number, tries: number, random = Math.random()): number {
  const base = freeAt > now ? freeAt - now : 5 * 2 ** Math.min(tries, 6);
  return base * (1 + random * 0.1) + random * 5;
}

/** A lane renews its lease when less than this would be left at the end of an attempt. */
export const LEASE_RENEW_MARGIN_MS = 2_000;

/** A lane starts no attempt unless the invocation has this long left: the POST's timeout plus its writes. */
export const ATTEMPT_TIME_NEEDED_MS = CALLBACK_TIMEOUT_MS + 3_000;

/**
 * At most this many of one team's callbacks in flight, over all its
 * receivers: a team whose tasks name many hostnames that hang holds at most
 * this many sender lanes, however many hostnames. A lane that finds its
 * team's slots taken does not wait for one: its callbacks are deferred at
 * once, so they cost the sender next to nothing.
 */
export const CALLBACKS_IN_FLIGHT_PER_TEAM = 6;
