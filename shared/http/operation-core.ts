import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/v4/core';
import { bodyCarriesCardNumber } from '../domain/card-numbers';
import { PayloadTooLargeError, RawCardNumberRefusedError } from '../errors';
import { logger, metrics, tracer } from '../powertools';
import type { Caller, CallerOf } from './caller';
import { normalizeContentType } from './content-type';
import { mapError } from './error-mapper';
import { documentResponse, errorResponse, jsonResponse } from './response';
import { writesNothing, type RouteDefinition } from './route';
import { parseOrThrow } from './validation';

export const MAX_BODY_BYTES = 1024 * 1024;

type Infer<S> = S extends z.$ZodType ? z.infer<S> : undefined;

export interface OperationInput<R extends RouteDefinition> {
  body: Infer<R['schemas']['body']>;
  query: Infer<R['schemas']['query']>;
  params: Infer<R['schemas']['params']>;
  /** Null on public routes. */
  caller: CallerOf<R>;
  requestId: string;
  event: APIGatewayProxyEvent;
}

export interface OperationResult {
  status: 200 | 201 | 202 | 204;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set for a document (text/html, application/pdf): `body` (text or bytes) is sent as is, not as JSON. */
  contentType?: string;
}

type OperationContext = Context & { caller?: Caller | null; admission?: Promise<void> };

const requestIdOf = (event: APIGatewayProxyEvent) => event.requestContext?.requestId ?? 'unknown';

/** 413 before parsing: the contract's limit, enforced identically behind API Gateway and locally. */
const bodyLimit = (): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: ({ event }) => {
    if (event.body && Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') > MAX_BODY_BYTES) {
      throw new PayloadTooLargeError(MAX_BODY_BYTES);
    }
  },
});

/**
 * 400 before the body is parsed, validated or logged when it holds a full
 * card number: nothing downstream (a validation error's details, a log
 * line, an item) can ever carry one.
 */
const cardNumberGuard = (): middy.MiddlewareObj<APIGatewayProxyEvent> => ({
  before: ({ event }) => {
    if (!event.body) return;
    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (bodyCarriesCardNumber(raw)) throw new RawCardNumberRefusedError();
  },
});

/** Every error, from any middleware or the handler, leaves as the contract's error body. */
const contractErrors = (): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  after: () => {
    metrics.addMetric('Success', 'Count', 1);
  },
  onError: (request) => {
    const mapped = mapError(request.error);
    metrics.addMetric(mapped.status >= 500 ? 'ServerError' : 'ClientError', 'Count', 1);
    logger.info('Request refused', { status: mapped.status, code: mapped.code });
    request.response = errorResponse(mapped, requestIdOf(request.event));
  },
});

/**
 * Resolves the caller of an authenticated route, or throws the contract's
 * 401/403. `admission` settles when the request has been counted against
 * its team's limit (or rejects with 429).
 */
export type Authorize = (
  route: RouteDefinition,
  event: APIGatewayProxyEvent,
) => Promise<{ caller: Caller | null; admission?: Promise<void> }>;

type Responses<R extends RouteDefinition> = R['schemas']['responses'];

/** A route that answers documents may answer bytes (a PDF); a JSON route may not. */
type DocumentBytes<R extends RouteDefinition> = R['schemas'] extends { responseMediaType: unknown } ? Uint8Array : never;

/**
 * What an operation may answer: one of its route's success statuses, with a
 * body of that status's response schema — so the OpenAPI document (built
 * from the same schemas) describes what the handler really returns.
 */
export type TypedResult<R extends RouteDefinition> = {
  [S in keyof Responses<R> & OperationResult['status']]: {
    status: S;
    body?: (Responses<R>[S] extends z.$ZodType ? z.input<Responses<R>[S]> : undefined) | DocumentBytes<R>;
    headers?: Record<string, string>;
    contentType?: string;
  };
}[keyof Responses<R> & OperationResult['status']];

export type Run<R extends RouteDefinition> = (input: OperationInput<R>) => Promise<TypedResult<R>>;

/**
 * Builds an operation's Lambda handler from its route-table entry: tracing,
 * structured logs and metrics, header normalisation, authorization (when the
 * route has an `authorize` step), body limit, JSON parsing and zod
 * validation, then the use case. Public and authenticated operations enter
 * through their own modules (`public-operation.ts`, `operation.ts`), so a
 * public function's bundle holds no membership lookup or rate counter — and
 * needs none of their configuration.
 */
export function operationHandler<R extends RouteDefinition>(route: R, authorize: Authorize | null, run: Run<R>) {
  // One function per operation: its metrics carry the operation, which the per-operation alarms select on.
  metrics.setDefaultDimensions({ operation: route.operationId });
  const readOnly = writesNothing(route);
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, OperationContext>()
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(contractErrors())
    .use(httpHeaderNormalizer())
    .use({
      // Authorization comes before the body is even parsed: a caller without
      // the right learns nothing about what a valid request would look like.
      before: async (request) => {
        logger.appendKeys({ operation: route.operationId, request_id: requestIdOf(request.event) });
        if (!authorize) {
          request.context.caller = null;
          return;
        }
        const { caller, admission } = await authorize(route, request.event);
        request.context.caller = caller;
        if (!admission) return;
        // A read overlaps its team's counter write (both need only the
        // caller): one round trip fewer. Anything that may write (by its
        // grants) waits for admission, so a refused request writes nothing.
        if (readOnly) {
          admission.catch(() => undefined); // awaited with the read below
          request.context.admission = admission;
        } else {
          await admission;
        }
      },
    });
  if (route.schemas.body) {
    chain.use(bodyLimit());
    if (route.refusesCardNumbers) chain.use(cardNumberGuard());
    chain.use(normalizeContentType()).use(httpJsonBodyParser());
  }

  return chain.handler(async (event, context) => {
    const { schemas } = route;
    const input = {
      body: schemas.body ? parseOrThrow(schemas.body, event.body, 'body') : undefined,
      query: schemas.query ? parseOrThrow(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined,
      params: schemas.params ? parseOrThrow(schemas.params, event.pathParameters ?? {}, 'path') : undefined,
      caller: context.caller ?? null,
      requestId: requestIdOf(event),
      event,
    } as OperationInput<R>;
    const [result] = await Promise.all([run(input), context.admission]);
    const { contentType } = result as OperationResult;
    if (contentType) {
      const body = result.body instanceof Uint8Array ? result.body : String(result.body);
      return documentResponse(result.status, body, contentType, input.requestId, result.headers);
    }
    return jsonResponse(result.status, result.status === 204 ? undefined : result.body, input.requestId, result.headers);
  });
}
