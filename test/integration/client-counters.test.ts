import { describe, expect, it } from 'vitest';
import { countClientRequest, countSignInFailure, refuseLockedSignIn } from '../../shared/db/client-counters';
import { RateLimitedError } from '../../shared/errors';

const settle = (n: number, run: () => Promise<void>) => Promise.allSettled(Array.from({ length: n }, run));
const admitted = (results: PromiseSettledResult<void>[]) => results.filter((r) => r.status === 'fulfilled').length;
/** A fresh client address per test, so tests never share a counter. */
const clientIp = () => `198.51.100.${Math.floor(Math.random() * 250)}-${Math.random().toString(36).slice(2, 8)}`;
const minute = (m: number) => 1_800_000_000_000 + m * 60_000; // minute-aligned

describe('per-client counters of public routes, against DynamoDB Local', () => {
  it('admits exactly the limit in a minute however concurrent, and says when the minute ends', async () => {
    const ip = clientIp();
    const results = await settle(50, () => countClientRequest('signup', ip, { perMinute: 20 }, minute(0) + 15_000));
    expect(admitted(results)).toBe(20);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(RateLimitedError);
      expect(r.reason.headers).toEqual({ 'retry-after': '45' });
    }
  });

  it('counts each address and each route on its own, and each minute afresh', async () => {
    const ip = clientIp();
    await settle(5, () => countClientRequest('signup', ip, { perMinute: 5 }, minute(0)));
    await expect(countClientRequest('signup', ip, { perMinute: 5 }, minute(0))).rejects.toBeInstanceOf(RateLimitedError);
    await expect(countClientRequest('issueToken', ip, { perMinute: 5 }, minute(0))).resolves.toBeUndefined();
    await expect(countClientRequest('signup', clientIp(), { perMinute: 5 }, minute(0))).resolves.toBeUndefined();
    await expect(countClientRequest('signup', ip, { perMinute: 5 }, minute(1))).resolves.toBeUndefined();
  });
});

describe('sign-in failures per address', () => {
  it('locks the address after exactly 10 failures in a 15-minute window, until the window ends', async () => {
    const email = `locked-${Math.random().toString(36).slice(2)}@example.com`;
    const at = minute(0) + 60_000;
    const results = await settle(25, () => countSignInFailure(email, at));
    expect(admitted(results)).toBe(10);
    await expect(refuseLockedSignIn(email, at)).rejects.toMatchObject({ status: 429, headers: { 'retry-after': String(14 * 60) } });
    await expect(refuseLockedSignIn(email, minute(15))).resolves.toBeUndefined();
    await expect(refuseLockedSignIn(`other-${email}`, at)).resolves.toBeUndefined();
  });
});
