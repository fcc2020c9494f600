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
