import { describe, expect, it } from 'vitest';
import { clientRateLimitFrom, fixedWindowStart, secondsToWindowEnd } from '../../shared/domain/client-rate-limit';

describe('per-client and per-address windows', () => {
  it('starts fixed windows on their boundary', () => {
    expect(fixedWindowStart(Date.UTC(2030, 0, 1, 10, 0, 59, 999), 60)).toBe(Date.UTC(2030, 0, 1, 10, 0, 0) / 1000);
    expect(fixedWindowStart(Date.UTC(2030, 0, 1, 10, 14, 0), 900)).toBe(Date.UTC(2030, 0, 1, 10, 0, 0) / 1000);
    expect(fixedWindowStart(Date.UTC(2030, 0, 1, 10, 15, 0), 900)).toBe(Date.UTC(2030, 0, 1, 10, 15, 0) / 1000);
  });

  it('tells Retry-After as the whole seconds left in the window, at least 1', () => {
    expect(secondsToWindowEnd(Date.UTC(2030, 0, 1, 10, 0, 0, 0), 60)).toBe(60);
    expect(secondsToWindowEnd(Date.UTC(2030, 0, 1, 10, 0, 59, 500), 60)).toBe(1);
    expect(secondsToWindowEnd(Date.UTC(2030, 0, 1, 10, 5, 0), 900)).toBe(600);
  });

  it('reads the limit per stage from CLIENT_RATE_LIMIT_PER_MINUTE, defaulting to the contract’s 20', () => {
    expect(clientRateLimitFrom({})).toEqual({ perMinute: 20 });
    expect(clientRateLimitFrom({ CLIENT_RATE_LIMIT_PER_MINUTE: '600' })).toEqual({ perMinute: 600 });
    for (const bad of ['0', '-3', '1.5', 'lots']) expect(clientRateLimitFrom({ CLIENT_RATE_LIMIT_PER_MINUTE: bad })).toEqual({ perMinute: 20 });
  });
});
