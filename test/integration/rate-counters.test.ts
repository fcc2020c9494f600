import { describe, expect, it } from 'vitest';
import { countTeamRequest } from '../../shared/db/rate-counters';
import { newId } from '../../shared/domain/ids';
import { RateLimitedError } from '../../shared/errors';

const settle = (n: number, run: () => Promise<void>) => Promise.allSettled(Array.from({ length: n }, run));
const admitted = (results: PromiseSettledResult<void>[]) => results.filter((r) => r.status === 'fulfilled').length;

describe('per-team request counters against DynamoDB Local', () => {
  const second = (s: number) => 1_800_000_000_000 + s * 1000; // window-aligned: 1_800_000_000 is a multiple of 10

  it('admits exactly the burst within one second, however concurrent', async () => {
    const team = newId('team');
    const results = await settle(60, () => countTeamRequest(team, { perSecond: 10, burst: 25 }, second(0) + 500));
    expect(admitted(results)).toBe(25);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(RateLimitedError);
      expect(r.reason.headers).toEqual({ 'retry-after': '1' });
    }
  });

  it('caps a ten-second window at perSecond × 10 and says when it reopens', async () => {
    const team = newId('team');
    const limit = { perSecond: 2, burst: 5 };
    let admittedCount = 0;
    for (let s = 0; s < 5; s++) admittedCount += admitted(await settle(5, () => countTeamRequest(team, limit, second(s))));
    expect(admittedCount).toBe(20);
    await expect(countTeamRequest(team, limit, second(6) + 200)).rejects.toMatchObject({ status: 429, headers: { 'retry-after': '4' } });
    // The next window starts afresh; other teams were never affected.
    await expect(countTeamRequest(team, limit, second(10))).resolves.toBeUndefined();
    await expect(countTeamRequest(newId('team'), limit, second(6))).resolves.toBeUndefined();
  });
});
