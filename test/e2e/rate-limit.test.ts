import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningService } from '../../scripts/local/emulators';
import { startApiProcess } from '../../scripts/local/stack';
import { api, signUpVerified } from '../support/api';

/**
 * The limit is stage configuration. A second dev server on the same
 * emulators plays a stage configured at 2 requests/s with bursts of 5, so a
 * flood trips it deterministically whatever this machine's speed.
 */
describe('per-team rate limit over HTTP', () => {
  let strict: RunningService;
  beforeAll(async () => {
    const port = await freePort();
    const logs = mkdtempSync(path.join(os.tmpdir(), 'rate-'));
    strict = await startApiProcess(
      { ...inject('localStack').functionConfig, supportToken: 'unused', teamRateLimit: { perSecond: 2, burst: 5 } },
      path.join(logs, 'dev-server.log'),
      port,
    );
  });
  afterAll(() => strict?.stop());

  const get = (token: string) =>
    fetch(`${strict.endpoint}/v1/team`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      body: (await r.json()) as any,
    }));

  it('answers a flood from one team with 429 rate_limited and Retry-After, while other teams go on', async () => {
    const [flooding, quiet] = await Promise.all([signUpVerified(), signUpVerified()]);
    const flood = await Promise.all(Array.from({ length: 40 }, () => get(flooding.tokens.id_token)));
    const ok = flood.filter((r) => r.status === 200);
    const limited = flood.filter((r) => r.status === 429);
    // At most a burst per second and 20 per ten-second window, however the flood falls.
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.length).toBeLessThanOrEqual(20);
    expect(ok.length + limited.length).toBe(40);
    for (const r of limited) {
      expect(r.body.error.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.request_id).toBe(r.headers.get('x-request-id'));
    }
    expect((await get(quiet.tokens.id_token)).status).toBe(200);
    // This server's functions load on its first requests (each in its own worker): seconds on a busy 2-core machine.
  }, 60_000);

  it('lets the default stage (50/s, bursts of 100) serve ordinary traffic', async () => {
    const { tokens } = await signUpVerified();
    const replies = await Promise.all(Array.from({ length: 30 }, () => api('GET', '/v1/team', { token: tokens.id_token })));
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(200));
  });
});
