/**
 * Public routes have no team to count against, so they are limited per
 * client address and route: at most `perMinute` requests in each fixed
 * one-minute window (one conditional counter write per request).
 */
export interface ClientRateLimit {
  perMinute: number;
}

/** A deployed stage's default; the local stack sets 600 so test suites fit. */
export const DEFAULT_CLIENT_RATE_LIMIT: ClientRateLimit = { perMinute: 20 };
export const CLIENT_WINDOW_SECONDS = 60;

/** Epoch second the window holding `nowMs` starts at. */
export function fixedWindowStart(nowMs: number, windowSeconds: number): number {
  const second = Math.floor(nowMs / 1000);
  return second - (second % windowSeconds);
}

/** Whole seconds until the window holding `nowMs` ends (at least 1). */
export function secondsToWindowEnd(nowMs: number, windowSeconds: number): number {
  return Math.max(1, Math.ceil(fixedWindowStart(nowMs, windowSeconds) + windowSeconds - nowMs / 1000));
}

export function clientRateLimitFrom(env: Record<string, string | undefined>): ClientRateLimit {
  const value = Number(env.CLIENT_RATE_LIMIT_PER_MINUTE);
  return { perMinute: Number.isInteger(value) && value > 0 ? value : DEFAULT_CLIENT_RATE_LIMIT.perMinute };
}

/**
 * Sign-in failures per address, everywhere: after `failures` wrong attempts
 * in a fixed window, every sign-in to that address is refused until the
 * window ends — a right password included, or guessing would still pay.
 */
export const SIGN_IN_FAILURE_LIMIT = { failures: 10, windowSeconds: 15 * 60 } as const;
