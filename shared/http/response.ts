import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ErrorResponse } from './error-mapper';

const BASE_HEADERS = {
  'content-type': 'application/json',
  // API responses carry account data and tokens: never cache them anywhere.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, ...headers, 'x-request-id': requestId },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function errorResponse(error: ErrorResponse, requestId: string): APIGatewayProxyResult {
  const body = {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
    request_id: requestId,
  };
  return jsonResponse(error.status, body, requestId, error.headers);
}

/**
 * A document (an invoice page, a PDF) rather than JSON: its own content
 * type, and a CSP that lets it run no script and load nothing from
 * elsewhere. Bytes leave base64-encoded with `isBase64Encoded`, which API
 * Gateway decodes for the client (its binary media types list the type).
 */
export function documentResponse(
  status: number,
  body: string | Uint8Array,
  contentType: string,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  const binary = body instanceof Uint8Array;
  return {
    statusCode: status,
    headers: {
      ...BASE_HEADERS,
      ...headers,
      'content-type': contentType,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-request-id': requestId,
    },
    body: binary ? Buffer.from(body).toString('base64') : body,
    ...(binary ? { isBase64Encoded: true } : {}),
  };
}
