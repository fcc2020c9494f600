import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteDefinition } from '../../shared/http/route';

/**
 * Builds the REST API (v1 proxy) events API Gateway would hand our
 * functions, so handlers run locally exactly as deployed.
 */
function flatHeaders(headers: IncomingHttpHeaders) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    single[name] = values[values.length - 1]!;
    multi[name] = values;
  }
  return { single, multi };
}

function queryOf(url: URL) {
  if ([...url.searchParams.keys()].length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    single[k] = v;
    (multi[k] ??= []).push(v);
  }
  return { single, multi };
}

export interface LocalRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string | null;
  sourceIp: string;
  requestId: string;
}

export function proxyEvent(
  route: RouteDefinition,
  pathParameters: Record<string, string> | null,
  req: LocalRequest,
  authorizer: Record<string, string> | null,
): APIGatewayProxyEvent {
  const headers = flatHeaders(req.headers);
  const query = queryOf(req.url);
  return {
    resource: route.path,
    path: req.url.pathname,
    httpMethod: req.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters,
    stageVariables: null,
    body: req.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer,
      protocol: 'HTTP/1.1',
      httpMethod: req.method,
      identity: { sourceIp: req.sourceIp } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/local${req.url.pathname}`,
      stage: 'local',
      requestId: req.requestId,
      requestTimeEpoch: Date.now(),
      resourceId: route.operationId,
      resourcePath: route.path,
    },
  };
}

export function authorizerEvent(route: RouteDefinition, req: LocalRequest): APIGatewayRequestAuthorizerEvent {
  const headers = flatHeaders(req.headers);
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:000000000000:local/local/${req.method}${route.path}`,
    resource: route.path,
    path: req.url.pathname,
    httpMethod: req.method,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
