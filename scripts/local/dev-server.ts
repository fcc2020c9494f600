import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayProxyResult } from 'aws-lambda';
import { AUTHORIZER, AUTHORIZER_CACHE_TTL_SECONDS } from '../../infra/definitions/functions';
import { principalToContext } from '../../shared/http/principal';
import type { RouteDefinition } from '../../shared/http/route';
import { sameSecret } from '../../shared/domain/tokens';
import { startEventSources } from './event-sources';
import { FunctionError, FunctionHost } from './function-host';
import { localFunctions, type LocalFunctionConfig } from './function-env';
import { authorizerEvent, proxyEvent, type LocalRequest } from './gateway-event';
import { handleDashboard } from './dashboard';
import { handleLocalPage } from './local-pages';
import { mailboxPage, readMailbox } from './mailbox';
import { matchRoute } from './route-matcher';
import { logRequest } from './request-log';

/**
 * The local API Gateway: dispatches from the same route table as the CDK
 * API, runs the same authorizer first, and answers its own errors (unknown
 * route, missing credentials, oversized body, a failing authorizer or
 * function) with the contract's body, as the deployed gateway responses do.
 * Each function runs in its own worker with only its own environment.
 */

/** API Gateway's own payload limit; our handlers refuse anything over 1 MiB themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, headers);
  res.end(body);
}

function gatewayError(res: ServerResponse, requestId: string, status: number, code: string, message: string, extra: Record<string, string> = {}) {
  send(
    res,
    status,
    { 'content-type': 'application/json', 'x-request-id': requestId, ...extra },
    JSON.stringify({ error: { code, message }, request_id: requestId }),
  );
}

async function readBody(req: IncomingMessage): Promise<string | null | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? null : Buffer.concat(chunks).toString('utf8');
}

export interface DevServerOptions extends LocalFunctionConfig {
  port: number;
  host?: string;
  supportToken: string;
  /** Under test: every AWS call each function makes is appended to this file. */
  recordCallsTo?: string;
}

function logFailure(error: unknown): void {
  const detail = error instanceof FunctionError ? `${error.functionId}: ${error.originalStack ?? error.message}` : String(error);
  process.stderr.write(`dev-server: function failed: ${detail}\n`);
}

export async function startDevServer(opts: DevServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const host = new FunctionHost(localFunctions(opts), opts.recordCallsTo);
  /**
   * Like API Gateway, an authorizer's allow is kept per Authorization header
   * for the stage's TTL, so what that cache bounds on AWS (how long a
   * deleted API key still authenticates) is bounded the same way here.
   */
  const authorizerCache = new Map<string, { context: Record<string, string>; until: number }>();

  /**
   * The authorizer's verdict, as API Gateway reads it: an error whose message
   * is exactly "Unauthorized" is a 401; any other error (a dependency down,
   * a function that cannot load) is the AUTHORIZER_FAILURE gateway response.
   */
  async function authorize(route: RouteDefinition, req: LocalRequest): Promise<Record<string, string> | 'unauthenticated' | 'failed'> {
    const header = req.headers.authorization;
    if (route.auth === 'support') {
      // Locally the support surface takes the support token; in AWS it is IAM (SigV4).
      const token = header?.replace(/^Bearer\s+/i, '') ?? '';
      return token && sameSecret(token, opts.supportToken) ? principalToContext({ type: 'support', id: 'local-support' }) : 'unauthenticated';
    }
    if (!header) return 'unauthenticated';
    const cached = authorizerCache.get(header);
    if (cached && cached.until > Date.now()) return cached.context;
    try {
      const result = await host.invoke<APIGatewayAuthorizerResult>(AUTHORIZER.id, authorizerEvent(route, req), req.requestId);
      const context = (result.context ?? {}) as Record<string, string>;
      if (authorizerCache.size >= 10_000) authorizerCache.clear();
      authorizerCache.set(header, { context, until: Date.now() + AUTHORIZER_CACHE_TTL_SECONDS * 1000 });
      return context;
    } catch (error) {
      if (error instanceof FunctionError && error.message === 'Unauthorized' && !error.init) return 'unauthenticated';
      logFailure(error);
      return 'failed';
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = req.method ?? 'GET';

    if (url.pathname === '/_local/mailbox' && method === 'GET') {
      const emails = await readMailbox(opts.endpoints.aws);
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      return wantsHtml
        ? send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId }, mailboxPage(emails))
        : send(res, 200, { 'content-type': 'application/json', 'x-request-id': requestId }, JSON.stringify({ emails }));
    }

    if (await handleLocalPage(req, res, { url, requestId })) return;
    if (await handleDashboard(req, res, url, requestId)) return;

    const found = matchRoute(method, url.pathname);
    if (!found) return gatewayError(res, requestId, 404, 'not_found', `No route for ${method} ${url.pathname}.`);
    if (found === 'malformed') return gatewayError(res, requestId, 400, 'validation_failed', 'The URL path is not validly percent-encoded.');
    const body = await readBody(req);
    if (body === 'too_large') return gatewayError(res, requestId, 413, 'payload_too_large', 'The request body is too large.');

    const localRequest: LocalRequest = {
      method,
      url,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      requestId,
    };
    let context: Record<string, string> | null = null;
    if (found.route.auth !== 'public') {
      const verdict = await authorize(found.route, localRequest);
      if (verdict === 'unauthenticated') {
        return gatewayError(res, requestId, 401, 'unauthenticated', 'Missing or invalid credentials.');
      }
      if (verdict === 'failed') {
        return gatewayError(res, requestId, 503, 'unavailable', 'The service is briefly unavailable: retry shortly.', { 'retry-after': '1' });
      }
      context = verdict;
    }
    const result = await host.invoke<APIGatewayProxyResult>(
      found.route.operationId,
      proxyEvent(found.route, found.pathParameters, localRequest, context),
      requestId,
    );
    // As API Gateway does for a binary media type: the function's base64 leaves as bytes.
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(res, result.statusCode, (result.headers ?? {}) as Record<string, string>, payload);
  }

  const server = createServer((req, res) => {
    logRequest(req, res);
    serve(req, res).catch((error: unknown) => {
      // A function that throws past its own error mapping (or cannot load) is a bug; API Gateway answers 502.
      logFailure(error);
      if (!res.headersSent) gatewayError(res, randomUUID(), 502, 'internal_error', 'The function failed.');
      else res.end();
    });
  });
  const bindHost = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, bindHost, resolve);
  });
  // The queue and stream event sources (the relay and consumers), before the server says it is ready.
  const eventSources = await startEventSources(host, opts);
  return {
    url: `http://${bindHost}:${opts.port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await eventSources.stop();
      await host.close();
    },
  };
}
