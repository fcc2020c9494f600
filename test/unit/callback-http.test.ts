import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionPool, postCallback, resolveSafely, type Resolver } from '../../shared/clients/callback-http';

/** A receiver on loopback that records what reached it and answers as told by the path. */
let server: Server;
let port: number;
const received: Array<{ host: string | undefined; path: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ host: req.headers.host, path: req.url ?? '', body });
      if (req.url === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      else if (req.url === '/hang') return; // never answers
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())).finally(() => server.closeAllConnections()));

const LOCAL = { allowLoopbackHttp: true };
const DEPLOYED = { allowLoopbackHttp: false };

function countingResolver(answers: string[][]): Resolver & { calls: number } {
  const resolver = (async () => {
    const answer = answers[Math.min(resolver.calls, answers.length - 1)]!;
    resolver.calls++;
    return answer.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  }) as unknown as Resolver & { calls: number };
  resolver.calls = 0;
  return resolver;
}

describe('send-time SSRF guard', () => {
  it.each([
    ['10.0.0.7', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local and cloud metadata'],
    ['fd00:ec2::254', 'link-local and cloud metadata'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
  ])('refuses a public-looking name that resolves to %s (%s) on a deployed stage, without connecting', async (address, reason) => {
    const before = received.length;
    const outcome = await postCallback({
      url: 'https://hooks.customer.example/refonte',
      headers: {},
      body: '{}',
      timeoutMs: 2000,
      policy: DEPLOYED,
      resolve: countingResolver([[address]]),
    });
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(outcome.kind === 'refused' && outcome.reason).toContain(reason);
    expect(received.length).toBe(before);
  });

  it('refuses the whole answer when any address is bad (one public, one private)', async () => {
    const verdict = await resolveSafely('mixed.example', DEPLOYED, countingResolver([['93.184.216.34', '10.1.2.3']]));
    expect(verdict).toMatchObject({ refused: expect.stringContaining('private') });
  });

  it('refuses a metadata IP literal even on the local stack', async () => {
    const outcome = await postCallback({ url: 'http://169.254.169.254/latest', headers: {}, body: '', timeoutMs: 2000, policy: LOCAL });
    expect(outcome.kind).toBe('refused');
  });

  it('connects to exactly the address it checked: one lookup, rebinding answers afterwards are never used', async () => {
    // First answer: loopback (allowed on the local stack); every later answer: a private address.
    const resolver = countingResolver([['127.0.0.1'], ['10.0.0.1']]);
    const outcome = await postCallback({
      url: `http://rebind.customer.example:${port}/hook`,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
      timeoutMs: 5000,
      policy: LOCAL,
      resolve: resolver,
    });
    expect(outcome).toEqual({ kind: 'answered', statusCode: 204 });
    expect(resolver.calls).toBe(1);
    // The name stays the request's Host, though the socket went to the checked address.
    expect(received.at(-1)).toEqual({ host: `rebind.customer.example:${port}`, path: '/hook', body: '{"a":1}' });
  });
});

describe('callback POST', () => {
  it('does not follow redirects: a 3xx is the answer', async () => {
    const before = received.length;
    const outcome = await postCallback({ url: `http://127.0.0.1:${port}/redirect`, headers: {}, body: '{}', timeoutMs: 5000, policy: LOCAL });
    expect(outcome).toEqual({ kind: 'answered', statusCode: 302 });
    expect(received.slice(before).map((r) => r.path)).toEqual(['/redirect']);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const started = Date.now();
    const outcome = await postCallback({ url: `http://127.0.0.1:${port}/hang`, headers: {}, body: '{}', timeoutMs: 300, policy: LOCAL });
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringContaining('300 ms') });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a refused connection as a failed attempt', async () => {
    const outcome = await postCallback({ url: 'http://127.0.0.1:9/', headers: {}, body: '{}', timeoutMs: 2000, policy: LOCAL });
    expect(outcome.kind).toBe('failed');
  });
});

describe('time and connections', () => {
  it('bounds the whole exchange, the name’s resolution included: a nameserver that never answers is a failure within the timeout', async () => {
    const started = Date.now();
    const outcome = await postCallback({
      url: 'https://slow-dns.customer.example/hook',
      headers: {},
      body: '{}',
      timeoutMs: 300,
      policy: DEPLOYED,
      resolve: () => new Promise(() => undefined),
    });
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(outcome.kind === 'refused' && outcome.reason).toContain('no address within 300 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('counts the resolution against the timeout: a slow answer leaves the request only what is left', async () => {
    const slowThenHang: Resolver = () => new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 250));
    const started = Date.now();
    const outcome = await postCallback({ url: `http://slow.local:${port}/hang`, headers: {}, body: '{}', timeoutMs: 400, policy: LOCAL, resolve: slowThenHang });
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(Date.now() - started).toBeLessThan(700);
  });

  it('reuses a kept-alive connection, and sends again on a fresh one when the receiver had closed it without saying so', async () => {
    // A receiver that answers, then closes the connection (no `Connection: close`), every time.
    const ports = new Set<number>();
    let requests = 0;
    const closer = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        ports.add(req.socket.remotePort!);
        res.writeHead(200, { 'content-length': '2' }).end('ok', () => req.socket.destroy());
      });
    });
    await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closer.address() as AddressInfo).port}/hook`;
    const pool = connectionPool();
    try {
      const outcomes = [];
      for (let i = 0; i < 10; i++) {
        // Back to back, as a lane sends: the next POST goes out on the socket the receiver is closing.
        outcomes.push(await postCallback({ url, headers: {}, body: '{}', timeoutMs: 2_000, policy: LOCAL, pool }));
      }
      expect(outcomes).toEqual(Array.from({ length: 10 }, () => ({ kind: 'answered', statusCode: 200 })));
      expect(requests).toBe(10);
    } finally {
      pool.destroy();
      closer.closeAllConnections();
      closer.close();
    }
  });

  it('keeps one connection for a run of POSTs to a receiver that keeps it open', async () => {
    const before = received.length;
    const pool = connectionPool();
    const seen = new Set<number>();
    const counter = createServer((req, res) => {
      seen.add(req.socket.remotePort!);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
    try {
      for (let i = 0; i < 5; i++) {
        const outcome = await postCallback({ url: `http://127.0.0.1:${(counter.address() as AddressInfo).port}/x`, headers: {}, body: '{}', timeoutMs: 2_000, policy: LOCAL, pool });
        expect(outcome).toEqual({ kind: 'answered', statusCode: 204 });
      }
      expect(seen.size).toBe(1);
      expect(received.length).toBe(before);
    } finally {
      pool.destroy();
      counter.closeAllConnections();
      counter.close();
    }
  });
});
