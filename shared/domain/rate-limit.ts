/**
 * Per-team request limits: sustained `perSecond`, with bursts up to `burst`.
 * Counted in fixed windows, which need one counter write per request and no
 * clock coordination: at most `burst` requests in any one second, and at
 * most `perSecond × WINDOW_SECONDS` in a ten-second window — so a team may
 * burst, but not sustain more than `perSecond` on average.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };
export const WINDOW_SECONDS = 10;

export interface RateWindow {
  /** Epoch second the ten-second window starts at. */
  start: number;
  /** Which second of the window `now` falls in (0–9). */
  slot: number;
}

export function rateWindow(nowMs: number): RateWindow {
  const second = Math.floor(nowMs / 1000);
  const start = second - (second % WINDOW_SECONDS);
  return { start, slot: second - start };
}

export function windowQuota(limit: RateLimit): number {
  return limit.perSecond * WINDOW_SECONDS;
}

/** Whole seconds until the exhausted limit frees up (at least 1, as Retry-After wants). */
export function retryAfterSeconds(exhausted: 'second' | 'window', nowMs: number): number {
  if (exhausted === 'second') return 1;
  const { start } = rateWindow(nowMs);
  return Math.max(1, Math.ceil(start + WINDOW_SECONDS - nowMs / 1000));
}

/** When the exhausted limit frees up, in epoch ms: the next second, or the next window. */
export function reopensAt(exhausted: 'second' | 'window', nowMs: number): number {
  if (exhausted === 'second') return (Math.floor(nowMs / 1000) + 1) * 1000;
  return (rateWindow(nowMs).start + WINDOW_SECONDS) * 1000;
}

/** Limits from the environment (set per stage), falling back to the contract's defaults. */
export function rateLimitFrom(env: Record<string, string | undefined>): RateLimit {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    perSecond: read('RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.perSecond),
    burst: read('RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst),
  };
}
