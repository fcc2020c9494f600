import { describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../shared/clients/dynamodb';
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

  it('refuses a team known to be over its limit from memory, with no write, until the limit reopens', async () => {
    const team = newId('team');
    const limit = { perSecond: 2, burst: 3 };
    await settle(3, () => countTeamRequest(team, limit, second(20) + 100));
    await expect(countTeamRequest(team, limit, second(20) + 200)).rejects.toBeInstanceOf(RateLimitedError);
    const send = vi.spyOn(dynamo, 'send');
    try {
      const flood = await settle(20, () => countTeamRequest(team, limit, second(20) + 300));
      expect(admitted(flood)).toBe(0);
      expect(send).not.toHaveBeenCalled();
      // The next second the counter is asked again (and admits: the window still has room).
      await expect(countTeamRequest(team, limit, second(21) + 10)).resolves.toBeUndefined();
      expect(send).toHaveBeenCalledTimes(1);
    } finally {
      send.mockRestore();
    }
  });
});
