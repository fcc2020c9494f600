import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningService } from '../../scripts/local/emulators';
import { LOCAL_STAGE } from '../../scripts/local/function-env';
import { startApiProcess } from '../../scripts/local/stack';
import { EDGE_SECRET_HEADER, edgeSecretName, VIEWER_ADDRESS_HEADER } from '../../shared/http/edge';
import { api } from '../support/api';
import { requestFrom } from '../support/from-address';

/**
 * Requests through the dashboard's CloudFront reach the API from an edge
 * address, shared by every customer near it. The edge sends the viewer's
 * address with a secret (shared/http/edge.ts); these tests play the edge
 * with the local stack's secret, and play an attacker without it. A dev
 * server at 3 requests a minute per client and route makes the counting
 * visible; its clients use addresses of their own (127.0.0.40 and up).
 */
let edgeSecret: string;
let strict: RunningService;

beforeAll(async () => {
  const { env } = inject('localStack');
  const secrets = new SecretsManagerClient({ region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  edgeSecret = (await secrets.send(new GetSecretValueCommand({ SecretId: edgeSecretName(LOCAL_STAGE) }))).SecretString!;
  secrets.destroy();
  strict = await startApiProcess(
    { ...inject('localStack').functionConfig, supportToken: 'unused', clientRateLimit: { perMinute: 3 } },
    path.join(mkdtempSync(path.join(os.tmpdir(), 'edge-rate-')), 'dev-server.log'),
    await freePort(),
  );
});
afterAll(() => strict?.stop());

/** Counting is per fixed minute: start a sequence early enough in one that it ends there. */
async function withinOneMinute(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - into));
}

/** An invitation preview (a public route, limited per client): 404 for an unknown token, 429 once over the limit. */
const preview = (from: string, headers: Record<string, string>) =>
  requestFrom(from, `${strict.endpoint}/v1/invitations/${'x'.repeat(43)}`, { headers }).then((r) => r.status);

describe('the client address behind the dashboard edge', () => {
  it('counts a viewer address that comes with the edge secret, so customers behind one edge are counted apart', async () => {
    await withinOneMinute();
    const edge = '127.0.0.40';
    const asViewer = (viewer: string) => ({ [EDGE_SECRET_HEADER]: edgeSecret, [VIEWER_ADDRESS_HEADER]: viewer });
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await preview(edge, asViewer('203.0.113.7')));
    expect(first).toEqual([404, 404, 404, 429]);
    // Same edge, another customer: a counter of its own (IPv6 too).
    expect(await preview(edge, asViewer('198.51.100.23'))).toBe(404);
    expect(await preview(edge, asViewer('2001:db8::1'))).toBe(404);
  }, 90_000);

  it('does not believe a viewer address without the secret, or with a wrong one: the connection is counted', async () => {
    await withinOneMinute();
    const attacker = '127.0.0.41';
    const forged: Record<string, string>[] = [
      { [VIEWER_ADDRESS_HEADER]: '203.0.113.1' },
      { [VIEWER_ADDRESS_HEADER]: '203.0.113.2', [EDGE_SECRET_HEADER]: 'guess' },
      { [VIEWER_ADDRESS_HEADER]: '203.0.113.3', [EDGE_SECRET_HEADER]: `${edgeSecret}x` },
      { [VIEWER_ADDRESS_HEADER]: '203.0.113.4', [EDGE_SECRET_HEADER]: '' },
    ];
    const statuses = [];
    for (const headers of forged) statuses.push(await preview(attacker, headers));
    expect(statuses).toEqual([404, 404, 404, 429]);
  }, 90_000);

  it('counts the connection when the edge secret comes with no usable viewer address', async () => {
    await withinOneMinute();
    const from = '127.0.0.42';
    const statuses = [];
    for (const viewer of ['not-an-address', '203.0.113.9, 203.0.113.10', ' ', '999.1.1.1']) {
      statuses.push(await preview(from, { [EDGE_SECRET_HEADER]: edgeSecret, [VIEWER_ADDRESS_HEADER]: viewer }));
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  }, 90_000);

  it('every per-client limited route takes a request through the edge like any other', async () => {
    const headers = { [EDGE_SECRET_HEADER]: edgeSecret, [VIEWER_ADDRESS_HEADER]: '192.0.2.44' };
    const requests: [string, string, unknown?][] = [
      ['POST', '/v1/signup', {}],
      ['POST', '/v1/signup/verify', {}],
      ['POST', '/v1/signup/resend-verification', {}],
      ['POST', '/v1/auth/token', {}],
      ['POST', '/v1/auth/refresh', {}],
      ['POST', '/v1/auth/password-reset', {}],
      ['POST', '/v1/auth/password-reset/confirm', {}],
      ['GET', `/v1/invitations/${'y'.repeat(43)}`],
      ['POST', '/v1/invitations/accept', {}],
    ];
    for (const [method, route, body] of requests) {
      const reply = await api(method, route, { body, headers });
      // Each refuses the empty or unknown input as it always does: the edge changes only who is counted.
      expect([400, 404], `${method} ${route}`).toContain(reply.status);
    }
    // Nine functions, some loading cold in their own workers on a busy 2-core machine.
  }, 120_000);
});
