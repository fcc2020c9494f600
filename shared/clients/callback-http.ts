import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkResolvedAddress, type UrlPolicy } from '../domain/url-safety';

/**
 * The callback sender's one way out: a POST to a customer's URL that
 * resolves the name once, refuses the whole answer if any address is
 * private, loopback (except on the local stack), link-local or metadata, and
 * then connects to exactly the address it checked — the socket's `lookup`
 * returns it, so no second resolution can be rebound elsewhere. The Host
 * header and TLS server name stay the URL's. Redirects are not followed (a
 * 3xx is just a status), and the whole exchange is bounded by a timeout.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export type PostOutcome =
  | { kind: 'answered'; statusCode: number }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; error: string };

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: UrlPolicy;
  resolve?: Resolver;
  /** Keeps connections open between POSTs to one receiver (see `connectionPool`); none: a connection per POST. */
  pool?: ConnectionPool;
}

/**
 * Keep-alive connections for one sender lane's POSTs to one receiver, one
 * socket per scheme. A reused socket is one opened to an address checked
 * when it was opened, so reuse never skips the SSRF check; the pool lives
 * only as long as the lane and is destroyed with it.
 */
export interface ConnectionPool {
  agentFor(protocol: string): http.Agent;
  destroy(): void;
}

export function connectionPool(): ConnectionPool {
  const agents = new Map<string, http.Agent>();
  return {
    agentFor(protocol) {
      let agent = agents.get(protocol);
      if (!agent) {
        const options = { keepAlive: true, maxSockets: 1 };
        agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
        agents.set(protocol, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
    },
  };
}

/** Bytes of the answer read (and discarded) at most: receivers owe us a status, not a body. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function literalAddress(hostname: string): ResolvedAddress | null {
  if (hostname.startsWith('[')) return { address: hostname.slice(1, -1), family: 6 };
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ? { address: hostname, family: 4 } : null;
}

/** Resolves and checks every address; the first is the one to use, or the reason none may be. */
export async function resolveSafely(hostname: string, policy: UrlPolicy, resolve: Resolver): Promise<ResolvedAddress | { refused: string }> {
  const literal = literalAddress(hostname);
  let answers: ResolvedAddress[];
  try {
    answers = literal ? [literal] : await resolve(hostname);
  } catch (error) {
    return { refused: `could not resolve ${hostname}: ${(error as Error).message}` };
  }
  if (answers.length === 0) return { refused: `${hostname} has no address` };
  for (const answer of answers) {
    const verdict = checkResolvedAddress(answer.address, policy);
    if (!verdict.ok) return { refused: `${hostname} resolves to a refused address: ${verdict.reason}` };
  }
  return answers[0]!;
}

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
}

/** Rejects after `ms` (a lookup cannot be cancelled, only stopped waiting for). */
function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), Math.max(0, ms));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * One POST, bounded as a whole by `timeoutMs` — the name's resolution
 * included, so a slow nameserver cannot hold a sender past its attempt.
 */
export async function postCallback(opts: PostOptions): Promise<PostOutcome> {
  const deadline = Date.now() + opts.timeoutMs;
  const url = new URL(opts.url);
  const resolver = opts.resolve ?? systemResolver;
  const target = await resolveSafely(url.hostname, opts.policy, (hostname) =>
    within(opts.timeoutMs, resolver(hostname), `no address within ${opts.timeoutMs} ms`),
  );
  if ('refused' in target) return { kind: 'refused', reason: target.refused };
  const first = await exchange(url, target, opts, deadline, opts.pool?.agentFor(url.protocol));
  // A kept-alive socket the receiver had already closed (without saying so) fails before any answer:
  // that request never reached it, so it goes again once, on a fresh connection.
  if (first.kind === 'stale-socket') return exchange(url, target, opts, deadline, undefined).then((o) => (o.kind === 'stale-socket' ? { kind: 'failed', error: o.error } : o));
  return first;
}

function exchange(
  url: URL,
  target: ResolvedAddress,
  opts: PostOptions,
  deadline: number,
  agent: http.Agent | undefined,
): Promise<PostOutcome | { kind: 'stale-socket'; error: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((settle) => {
    let answered = false;
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        lookup: pinnedLookup(target),
        agent: agent ?? false,
      },
      (response) => {
        answered = true;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          settle({ kind: 'answered', statusCode: response.statusCode ?? 0 });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${opts.timeoutMs} ms`));
    }, Math.max(0, deadline - Date.now()));
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const stale = request.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      settle(stale ? { kind: 'stale-socket', error: error.message } : { kind: 'failed', error: error.message });
    });
    request.end(opts.body);
  });
}
