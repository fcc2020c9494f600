import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningService } from '../../scripts/local/emulators';
import { startApiProcess } from '../../scripts/local/stack';
import { api, signUpVerified, STRONG_PASSWORD, uniqueEmail } from '../support/api';
import { requestFrom } from '../support/from-address';

/**
 * Public routes are limited per client IP and route. A second dev server on
 * the same emulators plays a stage configured at 5 a minute, so a burst
 * trips it whatever this machine's speed; clients are told apart by the
 * connection's source address, as API Gateway does. Counters live in the
 * shared table, and every other e2e test calls from 127.0.0.1, so these
 * clients use addresses of their own (127.0.0.3 and up).
 */
describe('per-client limit of public routes over HTTP', () => {
  let strict: RunningService;
  beforeAll(async () => {
    strict = await startApiProcess(
      { ...inject('localStack').functionConfig, supportToken: 'unused', clientRateLimit: { perMinute: 5 } },
      path.join(mkdtempSync(path.join(os.tmpdir(), 'client-rate-')), 'dev-server.log'),
      await freePort(),
    );
  });
  afterAll(() => strict?.stop());

  it('a burst of sign-ups from one address: 5 go through, the rest are 429 with Retry-After, and nothing is written for them', async () => {
    const emails = Array.from({ length: 12 }, () => uniqueEmail('burst'));
    const burst = await Promise.all(
      emails.map((email) =>
        requestFrom('127.0.0.3', `${strict.endpoint}/v1/signup`, {
          method: 'POST',
          body: { email, password: STRONG_PASSWORD, name: 'Win a prize', company: 'Spam', team_name: 'Spam' },
        }),
      ),
    );
    // Counting is per fixed minute: a burst that straddles a minute boundary may get twice the limit.
    const admitted = burst.filter((r) => r.status === 201).length;
    expect(admitted).toBeGreaterThanOrEqual(5);
    expect(admitted).toBeLessThanOrEqual(10);
    const limited = burst.filter((r) => r.status === 429);
    expect(admitted + limited.length).toBe(12);
    for (const r of limited) {
      expect(r.body.error.code).toBe('rate_limited');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Refused sign-ups wrote nothing: their addresses are still free.
    const refusedEmail = emails[burst.findIndex((r) => r.status === 429)]!;
    const support = await api('GET', `/support/users?email=${encodeURIComponent(refusedEmail)}`, { token: inject('localStack').outputs.support_token });
    expect(support.body.items).toEqual([]);
  });

  it('one address hammering a route blocks neither another address, nor another route, nor a team', async () => {
    const { tokens } = await signUpVerified();
    const preview = (from: string) => requestFrom(from, `${strict.endpoint}/v1/invitations/${'x'.repeat(43)}`);
    const flood = await Promise.all(Array.from({ length: 15 }, () => preview('127.0.0.4')));
    expect(flood.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(5);
    expect((await preview('127.0.0.5')).status).toBe(404);
    const otherRoute = await requestFrom('127.0.0.4', `${strict.endpoint}/v1/signup/resend-verification`, {
      method: 'POST',
      body: { email: uniqueEmail('other-route') },
    });
    expect(otherRoute.status).toBe(202);
    expect((await requestFrom('127.0.0.4', `${strict.endpoint}/v1/team`, { token: tokens.access_token })).status).toBe(200);
  });
});

describe('sign-in failures per address', () => {
  it('after 10 wrong passwords in 15 minutes every sign-in to that address is 429, the right password too; other addresses go on', async () => {
    const victim = await signUpVerified();
    const bystander = await signUpVerified();
    const wrong = await Promise.all(
      Array.from({ length: 14 }, () => api('POST', '/v1/auth/token', { body: { email: victim.email, password: 'Wr0ng!Password-xx' } })),
    );
    expect(wrong.filter((r) => r.status === 401)).toHaveLength(10);
    expect(wrong.filter((r) => r.status === 429)).toHaveLength(4);
    const right = await api('POST', '/v1/auth/token', { body: { email: victim.email.toUpperCase(), password: STRONG_PASSWORD } });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('rate_limited');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(right.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    expect((await api('POST', '/v1/auth/token', { body: { email: bystander.email, password: STRONG_PASSWORD } })).status).toBe(200);
    // Tokens already issued are not affected: the lock is on signing in, not on the account.
    expect((await api('GET', '/v1/me', { token: victim.tokens.access_token })).status).toBe(200);
  });
});
