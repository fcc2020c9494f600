import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { routeList } from '../../functions/routes';
import { principalToContext } from '../../shared/http/principal';
import type { RouteDefinition } from '../../shared/http/route';
import { sameSecret } from '../../shared/domain/tokens';
import { authorizerEvent, lambdaContext, proxyEvent, type LocalRequest } from './gateway-event';
import { handleLocalPage } from './local-pages';
import { mailboxPage, readMailbox } from './mailbox';
import { logRequest } from './request-log';

/**
 * The local API Gateway: dispatches from the same route table as the CDK
 * API, runs the same authorizer first, and answers its own errors (unknown
 * route, missing credentials, oversized body) with the contract's body, as
 * the deployed gateway responses do.
 */
type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type AuthorizerHandler = (event: ReturnType<typeof authorizerEvent>) => Promise<APIGatewayAuthorizerResult>;

/** API Gateway's own payload limit; our handlers refuse anything over 1 MiB themselves. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  params: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

// Like API Gateway, a literal segment wins over a parameter.
const compiled = routeList.map(compile).sort((a, b) => a.params.length - b.params.length);

function match(method: string, pathname: string) {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = c.pattern.exec(pathname);
    if (!m) continue;
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(c.params.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
    } catch {
      return 'malformed' as const;
    }
    return { route: c.route, pathParameters: c.params.length ? params : null };
  }
  return null;
}

const handlerCache = new Map<string, Promise<ProxyHandler>>();
function loadHandler(modulePath: string): Promise<ProxyHandler> {
  let loaded = handlerCache.get(modulePath);
  if (!loaded) {
    const file = pathToFileURL(path.join(import.meta.dirname, '..', '..', 'functions', `${modulePath}.ts`)).href;
    loaded = import(file).then((m: { handler: ProxyHandler }) => m.handler);
    handlerCache.set(modulePath, loaded);
  }
  return loaded;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
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

export interface DevServerOptions {
  port: number;
  host?: string;
  supportToken: string;
  awsEndpoint: string;
}

export async function startDevServer(opts: DevServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const authorizer = (await import('../../functions/authorizer')).handler as AuthorizerHandler;

  async function authorize(route: RouteDefinition, req: LocalRequest): Promise<Record<string, string> | 'unauthenticated'> {
    const header = req.headers.authorization;
    if (route.auth === 'support') {
      // Locally the support surface takes the support token; in AWS it is IAM (SigV4).
      const token = header?.replace(/^Bearer\s+/i, '') ?? '';
      return token && sameSecret(token, opts.supportToken) ? principalToContext({ type: 'support', id: 'local-support' }) : 'unauthenticated';
    }
    if (!header) return 'unauthenticated';
    try {
      const result = await authorizer(authorizerEvent(route, req));
      return (result.context ?? {}) as Record<string, string>;
    } catch {
      return 'unauthenticated';
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = req.method ?? 'GET';

    if (url.pathname === '/_local/mailbox' && method === 'GET') {
      const emails = await readMailbox(opts.awsEndpoint);
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      return wantsHtml
        ? send(res, 200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId }, mailboxPage(emails))
        : send(res, 200, { 'content-type': 'application/json', 'x-request-id': requestId }, JSON.stringify({ emails }));
    }

    if (await handleLocalPage(req, res, { url, requestId, apiUrl: `http://${req.headers.host ?? '127.0.0.1'}` })) return;

    const found = match(method, url.pathname);
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
      context = verdict;
    }
    const handler = await loadHandler(found.route.handler);
    const result = await handler(
      proxyEvent(found.route, found.pathParameters, localRequest, context),
      lambdaContext(found.route.operationId, requestId),
    );
    send(res, result.statusCode, (result.headers ?? {}) as Record<string, string>, result.body ?? '');
  }

  const server = createServer((req, res) => {
    logRequest(req, res);
    serve(req, res).catch((error: unknown) => {
      // A handler that throws past its own error mapping is a bug; answer like Lambda's 502.
      process.stderr.write(`dev-server: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) gatewayError(res, randomUUID(), 502, 'internal_error', 'The function failed.');
      else res.end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, resolve);
  });
  return {
    url: `http://${host}:${opts.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
