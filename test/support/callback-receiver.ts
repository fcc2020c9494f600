import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as a customer's receiver saw it. */
export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The sender's port: requests sharing it came over one kept-alive connection. */
  remotePort: number;
}

/** What the receiver does with its n-th request on a path (0-based): answer a status (at once, or after a while), or never answer. */
export type Behaviour = (request: ReceivedCallback, n: number) => number | { status: number; afterMs: number } | 'hang';

/**
 * A real callback receiver on loopback, as a customer would run one: it
 * records every request and answers each path as its behaviour says
 * (default 200). Waits are event-driven: `next` resolves when a matching
 * request arrives.
 */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  /** Requests received and not yet answered, now and at most. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly events = new EventEmitter();
  private readonly behaviours = new Map<string, Behaviour>();
  private server!: Server;
  url = '';

  static async start(): Promise<CallbackReceiver> {
    const receiver = new CallbackReceiver();
    receiver.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = { path: req.url ?? '/', headers: req.headers, body, at: Date.now(), remotePort: req.socket.remotePort ?? 0 };
        receiver.maxInFlight = Math.max(receiver.maxInFlight, ++receiver.inFlight);
        const n = receiver.received.filter((r) => r.path === request.path).length;
        receiver.received.push(request);
        receiver.events.emit('request', request);
        const answer = (receiver.behaviours.get(request.path) ?? (() => 200))(request, n);
        res.on('close', () => receiver.inFlight--);
        if (answer === 'hang') return;
        const [status, afterMs] = typeof answer === 'number' ? [answer, 0] : [answer.status, answer.afterMs];
        setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), afterMs);
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** Answer requests to this path as told. */
  on(path: string, behaviour: Behaviour): string {
    this.behaviours.set(path, behaviour);
    return `${this.url}${path}`;
  }

  to(path: string): ReceivedCallback[] {
    return this.received.filter((r) => r.path === path);
  }

  /** The first request (already received or still to come) for which `match` holds. */
  next(match: (request: ReceivedCallback) => boolean, timeoutMs = 15_000): Promise<ReceivedCallback> {
    const found = this.received.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('request', listener);
        reject(new Error(`no matching callback within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (request: ReceivedCallback) => {
        if (!match(request)) return;
        clearTimeout(timer);
        this.events.off('request', listener);
        resolve(request);
      };
      this.events.on('request', listener);
    });
  }

  /** The `n`-th request to a path (1-based). */
  nth(path: string, n: number, timeoutMs?: number): Promise<ReceivedCallback> {
    return this.next(() => this.to(path).length >= n, timeoutMs).then(() => this.to(path)[n - 1]!);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
