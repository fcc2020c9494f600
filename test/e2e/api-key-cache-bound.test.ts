import { describe, expect, it } from 'vitest';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '../../infra/definitions/functions';
import { api, signUpVerified } from '../support/api';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one lag the contract allows: a deleted key keeps authenticating while
 * the authorizer's answer for its exact header is cached (API Gateway on
 * AWS, the dev server locally, both AUTHORIZER_CACHE_TTL_SECONDS), and not
 * a moment longer. This waits the bound out for real (about a minute, in
 * parallel with the other files).
 */
describe('a deleted API key, through the authorizer cache', () => {
  it(`authenticates from the cache until the bound (${AUTHORIZER_CACHE_TTL_SECONDS} s after the header was first checked), then never again`, async () => {
    const admin = await signUpVerified();
    const { id, key } = (await api('POST', '/v1/api-keys', { token: admin.tokens.id_token, body: { environment: 'test' } })).body;
    const headers = { authorization: `Bearer ${key}` };
    const checkedAt = Date.now();
    // Authenticated (a key has no right on the team route: 403, not 401); this answer is now cached.
    expect((await api('GET', '/v1/team', { headers })).status).toBe(403);
    expect((await api('DELETE', `/v1/api-keys/${id}`, { token: admin.tokens.id_token })).status).toBe(204);

    // Still authenticated from the cache right after the deletion, as on AWS.
    expect((await api('GET', '/v1/team', { headers })).status).toBe(403);
    let refusedAt: number | null = null;
    while (refusedAt === null && Date.now() - checkedAt < (AUTHORIZER_CACHE_TTL_SECONDS + 10) * 1000) {
      const res = await api('GET', '/v1/team', { headers });
      if (res.status === 401) refusedAt = Date.now();
      else expect(res.status).toBe(403);
      await pause(1000);
    }
    expect(refusedAt).not.toBeNull();
    const lagSeconds = (refusedAt! - checkedAt) / 1000;
    // Within the bound (one poll interval of slack), and not refused early: the cache really held it.
    expect(lagSeconds).toBeLessThanOrEqual(AUTHORIZER_CACHE_TTL_SECONDS + 2);
    expect(lagSeconds).toBeGreaterThanOrEqual(AUTHORIZER_CACHE_TTL_SECONDS - 1);
    // And stays refused.
    expect((await api('GET', '/v1/team', { headers })).status).toBe(401);
  }, (AUTHORIZER_CACHE_TTL_SECONDS + 30) * 1000);
});
