import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, it, expect, vi, beforeEach } from 'vitest';
import * as z from 'zod';
import { ConflictError, RateLimitedError } from '../../shared/errors';
import { defineOperation, MAX_BODY_BYTES } from '../../shared/http/operation';
import { operationHandler } from '../../shared/http/operation-core';
import { definePublicOperation } from '../../shared/http/public-operation';
import { principalToContext } from '../../shared/http/principal';
import { items, type RouteDefinition } from '../../shared/http/route';
import { logger } from '../../shared/powertools';

const Body = z.strictObject({ name: z.string().min(1).max(2 * MAX_BODY_BYTES), tag: z.string().optional() });

const publicRoute = {
  operationId: 'testEcho',
  method: 'POST',
  path: '/v1/test/echo',
  handler: 'test/echo',
  auth: 'public',
  grants: {},
  summary: 'Echo',
  tags: ['test'],
  schemas: { body: Body, responses: { 201: z.unknown() } },
} satisfies RouteDefinition;

const noBodyRoute = {
  ...publicRoute,
  operationId: 'testQuery',
  method: 'GET',
  schemas: {
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(25) }),
    params: z.strictObject({ id: z.string().startsWith('task_') }),
    responses: { 200: z.unknown() },
  },
} satisfies RouteDefinition;

const keyOnlyForbiddenRoute = {
  ...publicRoute,
  operationId: 'testPayment',
  auth: 'user_or_key',
  permission: 'payment.update',
} satisfies RouteDefinition;

const userRoute = { ...publicRoute, operationId: 'testUser', auth: 'user', permission: 'team.update' } satisfies RouteDefinition;
const supportRoute = { ...publicRoute, operationId: 'testSupport', auth: 'support' } satisfies RouteDefinition;

function event(overrides: Partial<APIGatewayProxyEvent> & { headers?: Record<string, string> } = {}): APIGatewayProxyEvent {
  const { headers, requestContext, ...rest } = overrides;
  return {
    resource: '/v1/test/echo',
    path: '/v1/test/echo',
    httpMethod: 'POST',
    headers: headers ?? { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: JSON.stringify({ name: 'Ada' }),
    isBase64Encoded: false,
    ...rest,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      identity: { sourceIp: '127.0.0.1' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: '/test/v1/test/echo',
      stage: 'test',
      requestId: 'req-1',
      requestTimeEpoch: Date.now(),
      resourceId: 'r',
      resourcePath: '/v1/test/echo',
      ...requestContext,
    },
  };
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test-echo',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test-echo',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-1',
  logGroupName: '/test/echo',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 1000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

type Run = Parameters<typeof definePublicOperation<typeof publicRoute>>[1];
const echo: Run = async ({ body, requestId, caller }) => ({ status: 201, body: { echoed: body, requestId, caller } });

async function call(handler: (e: APIGatewayProxyEvent, c: Context) => Promise<APIGatewayProxyResult>, e: APIGatewayProxyEvent) {
  const response = await handler(e, { ...context });
  const parsed = response.body ? JSON.parse(response.body) : undefined;
  return { response, body: parsed };
}

function expectContractError(
  result: { response: APIGatewayProxyResult; body: any },
  status: number,
  code: string,
  requestId = 'req-1',
) {
  expect(result.response.statusCode).toBe(status);
  expect(result.response.headers?.['x-request-id']).toBe(requestId);
  expect(result.response.headers?.['content-type']).toBe('application/json');
  expect(result.body.request_id).toBe(requestId);
  expect(result.body.error.code).toBe(code);
  expect(typeof result.body.error.message).toBe('string');
  expect(result.body.error.message.length).toBeGreaterThan(0);
  expect(Object.keys(result.body).sort()).toEqual(['error', 'request_id']);
}

beforeEach(() => {
  vi.restoreAllMocks();
  // Keep the test output quiet; the logger is exercised, not asserted.
  vi.spyOn(logger, 'info').mockImplementation(() => undefined);
  vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});

describe('defineOperation: success', () => {
  it('answers the run() result as JSON with x-request-id from the request context', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const { response, body } = await call(handler, event());
    expect(response.statusCode).toBe(201);
    expect(response.headers?.['x-request-id']).toBe('req-1');
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(body).toEqual({ echoed: { name: 'Ada' }, requestId: 'req-1', caller: null });
  });

  it('hands run() the zod-parsed body (strictly typed, defaults applied)', async () => {
    const run = vi.fn<Run>(async () => ({ status: 201, body: {} }));
    const handler = definePublicOperation(publicRoute, run);
    await call(handler, event({ body: JSON.stringify({ name: 'Ada', tag: 't' }) }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![0].body).toEqual({ name: 'Ada', tag: 't' });
    expect(run.mock.calls[0]![0].requestId).toBe('req-1');
  });

  it.each([
    ['Content-Type', 'application/json'],
    ['CONTENT-TYPE', 'application/json'],
    ['content-type', 'application/json; charset=utf-8'],
    ['content-type', 'Application/JSON'],
    ['content-type', 'APPLICATION/JSON ; charset=UTF-8'],
  ])('accepts the header %s: %s', async (name, value) => {
    const handler = definePublicOperation(publicRoute, echo);
    const { response } = await call(handler, event({ headers: { [name]: value } }));
    expect(response.statusCode).toBe(201);
  });

  it('decodes a base64-encoded body', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const { response, body } = await call(
      handler,
      event({ body: Buffer.from(JSON.stringify({ name: 'Béa' })).toString('base64'), isBase64Encoded: true }),
    );
    expect(response.statusCode).toBe(201);
    expect(body.echoed).toEqual({ name: 'Béa' });
  });

  it('passes run() headers through, but x-request-id always wins', async () => {
    const handler = definePublicOperation(publicRoute, async () => ({
      status: 201,
      body: {},
      headers: { location: '/v1/test/1', 'x-request-id': 'spoofed' },
    }));
    const { response } = await call(handler, event());
    expect(response.headers?.location).toBe('/v1/test/1');
    expect(response.headers?.['x-request-id']).toBe('req-1');
  });

  it('answers 204 with an empty body', async () => {
    // Even a (mistyped) body on a 204 leaves as no body at all.
    const handler = definePublicOperation({ ...publicRoute, schemas: { body: Body, responses: { 204: null } } }, async () => ({
      status: 204 as const,
      body: { ignored: true } as never,
    }));
    const { response } = await call(handler, event());
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers?.['x-request-id']).toBe('req-1');
  });

  it('uses "unknown" as request id when API Gateway gave none', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const e = event();
    (e as { requestContext?: unknown }).requestContext = undefined;
    const { response } = await call(handler, e);
    expect(response.headers?.['x-request-id']).toBe('unknown');
  });
});

describe('defineOperation: refused bodies', () => {
  it('malformed JSON → 400 validation_failed carrying the request id', async () => {
    const run = vi.fn(echo);
    const handler = definePublicOperation(publicRoute, run);
    const result = await call(handler, event({ body: '{"name": "Ada", "password": "hunter2"' }));
    expectContractError(result, 400, 'validation_failed');
    expect(result.response.body).not.toContain('hunter2');
    expect(run).not.toHaveBeenCalled();
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['xml', 'application/xml'],
    // The contract's one type is application/json: not its +json relatives, nor another charset.
    ['a +json relative', 'application/vnd.api+json'],
    ['JSON Patch', 'application/json-patch+json'],
    ['latin1', 'application/json; charset=latin1'],
    ['utf-16', 'application/json; charset=utf-16'],
    ['two charsets', 'application/json; charset=utf-8; charset=latin1'],
  ])('content-type %s → 415 unsupported_media_type', async (_label, type) => {
    const run = vi.fn(echo);
    const handler = definePublicOperation(publicRoute, run);
    expectContractError(await call(handler, event({ headers: { 'content-type': type } })), 415, 'unsupported_media_type');
    expect(run).not.toHaveBeenCalled();
  });

  it('no content-type at all → 415', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    expectContractError(await call(handler, event({ headers: {} })), 415, 'unsupported_media_type');
  });

  it('body over 1 MiB → 413 payload_too_large', async () => {
    const run = vi.fn(echo);
    const handler = definePublicOperation(publicRoute, run);
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BODY_BYTES);
    expectContractError(await call(handler, event({ body: big })), 413, 'payload_too_large');
    expect(run).not.toHaveBeenCalled();
  });

  it('the limit counts bytes, not characters', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const body = JSON.stringify({ name: 'é'.repeat(600_000) }); // ~600k chars, ~1.2 MB of UTF-8
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expectContractError(await call(handler, event({ body })), 413, 'payload_too_large');
  });

  it('the limit applies to the decoded size of a base64 body', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const json = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES - 20) });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const encoded = Buffer.from(json).toString('base64');
    expect(encoded.length).toBeGreaterThan(MAX_BODY_BYTES);
    const { response } = await call(handler, event({ body: encoded, isBase64Encoded: true }));
    expect(response.statusCode).toBe(201);
  });

  it('a body of exactly 1 MiB is accepted', async () => {
    const handler = definePublicOperation(publicRoute, async () => ({ status: 201, body: { ok: true } }));
    const prefix = '{"name":"';
    const suffix = '"}';
    const body = prefix + 'x'.repeat(MAX_BODY_BYTES - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const { response } = await call(handler, event({ body }));
    expect(response.statusCode).toBe(201);
  });

  it('a too-large text/plain body is 413 (the size is checked before the media type)', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    const body = 'x'.repeat(MAX_BODY_BYTES + 1);
    expectContractError(await call(handler, event({ body, headers: { 'content-type': 'text/plain' } })), 413, 'payload_too_large');
  });

  it('unknown field → 400 validation_failed naming it, without its value', async () => {
    const run = vi.fn(echo);
    const handler = definePublicOperation(publicRoute, run);
    const result = await call(handler, event({ body: JSON.stringify({ name: 'Ada', role: 'admin', api_secret: 'sk_SECRET_VALUE' }) }));
    expectContractError(result, 400, 'validation_failed');
    expect(result.body.error.details).toEqual([
      expect.objectContaining({ location: 'body', path: '', fields: ['role', 'api_secret'] }),
    ]);
    expect(result.response.body).not.toContain('sk_SECRET_VALUE');
    expect(run).not.toHaveBeenCalled();
  });

  it.each([
    ['missing field', '{}'],
    ['wrong type', '{"name": 5}'],
    ['JSON null', 'null'],
    ['JSON array', '[]'],
    ['JSON string', '"Ada"'],
    ['empty string body', ''],
  ])('%s → 400 validation_failed', async (_label, body) => {
    const run = vi.fn(echo);
    const handler = definePublicOperation(publicRoute, run);
    expectContractError(await call(handler, event({ body })), 400, 'validation_failed');
    expect(run).not.toHaveBeenCalled();
  });

  it('a missing body (null, as API Gateway sends it) → 400, not 5xx', async () => {
    const handler = definePublicOperation(publicRoute, echo);
    expectContractError(await call(handler, event({ body: null })), 400, 'validation_failed');
  });
});

describe('defineOperation: query and path validation', () => {
  it('validates query and path parameters with their location', async () => {
    const run = vi.fn(async ({ query, params }: any) => ({ status: 200 as const, body: { query, params } }));
    const handler = definePublicOperation(noBodyRoute, run);
    const ok = await call(handler, event({ httpMethod: 'GET', body: null, headers: {}, pathParameters: { id: 'task_1' } }));
    expect(ok.response.statusCode).toBe(200);
    expect(ok.body).toEqual({ query: { limit: 25 }, params: { id: 'task_1' } });

    const badQuery = await call(
      handler,
      event({ httpMethod: 'GET', body: null, headers: {}, pathParameters: { id: 'task_1' }, queryStringParameters: { limit: '101' } }),
    );
    expectContractError(badQuery, 400, 'validation_failed');
    expect(badQuery.body.error.details).toEqual([expect.objectContaining({ location: 'query', path: 'limit' })]);

    const badPath = await call(handler, event({ httpMethod: 'GET', body: null, headers: {}, pathParameters: { id: 'proj_1' } }));
    expectContractError(badPath, 400, 'validation_failed');
    expect(badPath.body.error.details).toEqual([expect.objectContaining({ location: 'path', path: 'id' })]);
  });

  it('a route without a body schema ignores the content-type and body', async () => {
    const handler = definePublicOperation(noBodyRoute, async () => ({ status: 200, body: { ok: true } }));
    const { response } = await call(
      handler,
      event({ httpMethod: 'GET', body: 'not json', headers: { 'content-type': 'text/plain' }, pathParameters: { id: 'task_1' } }),
    );
    expect(response.statusCode).toBe(200);
  });
});

describe('defineOperation: errors from run()', () => {
  it('an unexpected Error → 500 internal_error with a generic message and no internals', async () => {
    const handler = definePublicOperation(publicRoute, async () => {
      throw new Error('secret internals');
    });
    const result = await call(handler, event());
    expectContractError(result, 500, 'internal_error');
    expect(result.response.body).not.toContain('secret internals');
    expect(result.body.error.details).toBeUndefined();
    expect(JSON.stringify(result.response.headers)).not.toContain('secret internals');
  });

  it('a domain error keeps its status, code and details', async () => {
    const handler = definePublicOperation(publicRoute, async () => {
      throw new ConflictError('duplicate_unique_id', 'A task with this unique_id exists.', [{ task_id: 'task_1' }]);
    });
    const result = await call(handler, event());
    expectContractError(result, 409, 'duplicate_unique_id');
    expect(result.body.error.details).toEqual([{ task_id: 'task_1' }]);
  });

  it('rate_limited carries Retry-After as a response header', async () => {
    const handler = definePublicOperation(publicRoute, async () => {
      throw new RateLimitedError(3);
    });
    const result = await call(handler, event());
    expectContractError(result, 429, 'rate_limited');
    expect(result.response.headers?.['retry-after']).toBe('3');
  });
});

describe('defineOperation: authentication happens before the body is read', () => {
  it('a user route without authorizer context → 401 unauthenticated, even with a malformed body', async () => {
    const run = vi.fn(echo as any);
    const handler = defineOperation(userRoute, run as any);
    expectContractError(await call(handler, event({ body: '{not json' })), 401, 'unauthenticated');
    expectContractError(await call(handler, event({ headers: { 'content-type': 'text/plain' } })), 401, 'unauthenticated');
    expect(run).not.toHaveBeenCalled();
  });

  it('an API key on a route its role lacks → 403 forbidden', async () => {
    const run = vi.fn(echo as any);
    const handler = defineOperation(keyOnlyForbiddenRoute, run as any);
    const authorizer = principalToContext({ type: 'api_key', keyId: 'key_1', teamId: 'team_1', environment: 'live' });
    expectContractError(await call(handler, event({ requestContext: { authorizer } as any })), 403, 'forbidden');
    expect(run).not.toHaveBeenCalled();
  });

  it('an API key on a user-only route → 403 forbidden', async () => {
    const handler = defineOperation(userRoute, echo as any);
    const authorizer = principalToContext({ type: 'api_key', keyId: 'key_1', teamId: 'team_1', environment: 'test' });
    expectContractError(await call(handler, event({ requestContext: { authorizer } as any })), 403, 'forbidden');
  });

  it('a non-support principal on a support route → 403; the support principal passes', async () => {
    const run = vi.fn(async ({ caller }: any) => ({ status: 201 as const, body: { principal: caller.principal } }));
    const handler = defineOperation(supportRoute, run as any);
    const asKey = principalToContext({ type: 'api_key', keyId: 'key_1', teamId: 'team_1', environment: 'live' });
    expectContractError(await call(handler, event({ requestContext: { authorizer: asKey } as any })), 403, 'forbidden');
    const asSupport = principalToContext({ type: 'support', id: 'support-1' });
    const { response, body } = await call(handler, event({ requestContext: { authorizer: asSupport } as any }));
    expect(response.statusCode).toBe(201);
    expect(body.principal).toEqual({ type: 'support', id: 'support-1' });
  });
});

describe('operationHandler: the team counter overlaps reads, never writes', () => {
  const caller = { principal: { type: 'support', id: 's' }, user: null, teamId: 'team_1', actor: null } as any;
  const refused = () => Promise.reject(new RateLimitedError(2));

  it('a GET runs its read while the counter is written, and answers 429 when the counter refuses', async () => {
    const run = vi.fn(async () => ({ status: 200 as const, body: { ok: true } }));
    const handler = operationHandler({ ...supportRoute, method: 'GET', schemas: { responses: { 200: z.unknown() } } }, async () => ({ caller, admission: refused() }), run);
    const result = await call(handler, event({ httpMethod: 'GET', body: null, headers: {} }));
    expect(run).toHaveBeenCalledTimes(1);
    expectContractError(result, 429, 'rate_limited');
    expect(result.response.headers?.['retry-after']).toBe('2');
  });

  it.each([
    ['a POST that writes', { ...supportRoute, grants: { table: items(['PutItem'], ['team']) } }],
    // Judged by what it may write, not by its method: a GET that audits (a key reveal) writes.
    ['a GET that writes', { ...supportRoute, method: 'GET' as const, grants: { table: items(['GetItem', 'PutItem'], ['team']) } }],
  ])('%s waits for admission: refused, it never runs', async (_label, route) => {
    const run = vi.fn(echo as any);
    const handler = operationHandler(route, async () => ({ caller, admission: refused() }), run as any);
    expectContractError(await call(handler, event()), 429, 'rate_limited');
    expect(run).not.toHaveBeenCalled();
  });

  it('a GET whose read fails first still leaves no unhandled rejection behind', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const handler = operationHandler(
        { ...supportRoute, method: 'GET', schemas: { responses: { 200: z.unknown() } } },
        async () => ({ caller, admission: new Promise<void>((_, reject) => setTimeout(() => reject(new RateLimitedError(1)), 5)) }),
        async () => {
          throw new ConflictError('conflict', 'x');
        },
      );
      expectContractError(await call(handler, event({ httpMethod: 'GET', body: null, headers: {} })), 409, 'conflict');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
