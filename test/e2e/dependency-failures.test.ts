import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningService } from '../../scripts/local/emulators';
import { startApiProcess } from '../../scripts/local/stack';
import { signUpVerified } from '../support/api';

/**
 * A dependency that is down is an outage, not a bad request or a bad
 * credential: 503 `unavailable` with Retry-After and an error in the logs —
 * never a silent 401 (which would send every user back to sign in) and
 * never a bare 500. A second dev server plays a stage whose signing keys
 * and database cannot be reached (a port nothing listens on).
 */
describe('dependencies down', () => {
  let broken: RunningService;
  let logFile: string;
  beforeAll(async () => {
    const { functionConfig } = inject('localStack');
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'down-')), 'dev-server.log');
    broken = await startApiProcess(
      {
        ...functionConfig,
        resources: { ...functionConfig.resources, jwksUri: `${nowhere}/.well-known/jwks.json` },
        endpoints: { ...functionConfig.endpoints, dynamodb: nowhere },
        supportToken: 'unused',
      },
      logFile,
      await freePort(),
    );
  });
  afterAll(() => broken?.stop());

  /** The log reaches the file through the dev server's pipes a moment after the response. */
  const logShows = async (pattern: RegExp) => {
    for (let i = 0; i < 50 && !pattern.test(readFileSync(logFile, 'utf8')); i++) await new Promise((r) => setTimeout(r, 100));
    return readFileSync(logFile, 'utf8');
  };

  const call = async (pathname: string, init: RequestInit = {}) => {
    const response = await fetch(`${broken.endpoint}${pathname}`, init);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };

  it('answers a valid token 503 unavailable when the signing keys cannot be fetched, and logs it as an error', async () => {
    const { tokens } = await signUpVerified();
    const result = await call('/v1/me', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(result).toMatchObject({ status: 503, retryAfter: '1', body: { error: { code: 'unavailable' } } });
    const log = await logShows(/Authentication dependency failed/);
    expect(log).toMatch(/"level":"ERROR","message":"Authentication dependency failed"/);
    expect(log).toContain('SigningKeysUnavailableError');
  });

  it('answers 503 unavailable, not 500, when the database cannot be reached', async () => {
    const result = await call('/v1/signup/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'a'.repeat(43) }),
    });
    expect(result).toMatchObject({ status: 503, retryAfter: '1', body: { error: { code: 'unavailable' } } });
    expect(await logShows(/Dependency unavailable/)).toMatch(/"level":"ERROR","message":"Dependency unavailable"/);
  });
});
