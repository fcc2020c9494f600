import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, rateLimitFrom, rateWindow, retryAfterSeconds, windowQuota } from '../../shared/domain/rate-limit';

describe('per-team rate limit windows', () => {
  it.each([
    [1_700_000_000_000, 1_700_000_000, 0],
    [1_700_000_003_999, 1_700_000_000, 3],
    [1_700_000_009_999, 1_700_000_000, 9],
    [1_700_000_010_000, 1_700_000_010, 0],
  ])('places %i in the window starting %i, second %i', (now, start, slot) => {
    expect(rateWindow(now)).toEqual({ start, slot });
  });

  it('sustains perSecond on average over a window, bursting up to burst in one second', () => {
    expect(windowQuota({ perSecond: 50, burst: 100 })).toBe(500);
    expect(DEFAULT_RATE_LIMIT).toEqual({ perSecond: 50, burst: 100 });
  });

  it('tells a client when to come back', () => {
    expect(retryAfterSeconds('second', 1_700_000_003_200)).toBe(1);
    expect(retryAfterSeconds('window', 1_700_000_003_200)).toBe(7);
    expect(retryAfterSeconds('window', 1_700_000_009_900)).toBe(1);
  });

  it('reads per-stage limits from the environment, falling back to the contract defaults', () => {
    expect(rateLimitFrom({ RATE_LIMIT_PER_SECOND: '5', RATE_LIMIT_BURST: '8' })).toEqual({ perSecond: 5, burst: 8 });
    expect(rateLimitFrom({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitFrom({ RATE_LIMIT_PER_SECOND: 'fast', RATE_LIMIT_BURST: '-3' })).toEqual(DEFAULT_RATE_LIMIT);
  });
});
