import { GatewayResponse, ResponseType, type IRestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

/** One API Gateway error, reshaped into the contract's error body. */
export interface GatewayError {
  readonly type: ResponseType;
  /** Omitted: keep the status API Gateway chose (the DEFAULT_* families). */
  readonly status?: string;
  readonly code: string;
  readonly message: string;
  /** Extra headers, as API Gateway mapping values (static values single-quoted). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The errors API Gateway answers by itself, before any Lambda runs. Messages
 * are static (no `$context.error.message`): API Gateway's own wording is not
 * the contract's, and a static string cannot break the JSON.
 */
export const GATEWAY_ERRORS: readonly GatewayError[] = [
  { type: ResponseType.DEFAULT_4XX, code: 'bad_request', message: 'The request could not be processed.' },
  { type: ResponseType.DEFAULT_5XX, code: 'internal_error', message: 'An unexpected error occurred.' },
  { type: ResponseType.UNAUTHORIZED, status: '401', code: 'unauthenticated', message: 'Missing or invalid credentials.' },
  { type: ResponseType.ACCESS_DENIED, status: '403', code: 'forbidden', message: 'You do not have permission to do this.' },
  // The support surface's SigV4: a bad or stale signature is a credential problem, not a permission one.
  { type: ResponseType.INVALID_SIGNATURE, status: '401', code: 'unauthenticated', message: 'Missing or invalid credentials.' },
  { type: ResponseType.EXPIRED_TOKEN, status: '401', code: 'unauthenticated', message: 'Missing or invalid credentials.' },
  // A REST API answers an unknown path or method with "Missing Authentication
  // Token"; the contract calls that a 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '404', code: 'not_found', message: 'No such route.' },
  {
    type: ResponseType.THROTTLED,
    status: '429',
    code: 'rate_limited',
    message: 'Too many requests: slow down and retry later.',
    headers: { 'Retry-After': "'1'" },
  },
  // The authorizer threw something other than "Unauthorized" (its signing
  // keys or the table are unreachable) or could not run at all: an outage,
  // answered like any other dependency failure — never a 401.
  ...[ResponseType.AUTHORIZER_FAILURE, ResponseType.AUTHORIZER_CONFIGURATION_ERROR].map((type) => ({
    type,
    status: '503',
    code: 'unavailable',
    message: 'The service is briefly unavailable: retry shortly.',
    headers: { 'Retry-After': "'1'" },
  })),
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: '413',
    code: 'payload_too_large',
    message: 'The request body is too large.',
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: '415',
    code: 'unsupported_media_type',
    message: 'Send the request body as application/json.',
  },
];

/** The contract's error body; `$context.requestId` is substituted by API Gateway. */
export function gatewayErrorBody(error: Pick<GatewayError, 'code' | 'message'>): string {
  return JSON.stringify({
    error: { code: error.code, message: error.message },
    request_id: '$context.requestId',
  });
}

/**
 * Overrides API Gateway's own error responses so they carry the contract's
 * body and the `x-request-id` header, like every response from a handler.
 */
export class ContractGatewayResponses extends Construct {
  constructor(scope: Construct, id: string, api: IRestApi, errors: readonly GatewayError[] = GATEWAY_ERRORS) {
    super(scope, id);
    for (const error of errors) {
      new GatewayResponse(this, error.type.responseType, {
        restApi: api,
        type: error.type,
        statusCode: error.status,
        responseHeaders: {
          'x-request-id': 'context.requestId',
          'Content-Type': "'application/json'",
          ...error.headers,
        },
        templates: { 'application/json': gatewayErrorBody(error) },
      });
    }
  }
}
