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
 * A document (an invoice page) rather than JSON: its own content type, and
 * a CSP that lets it run no script and load nothing from elsewhere.
 */
export function documentResponse(status: number, body: string, contentType: string, requestId: string): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: {
      ...BASE_HEADERS,
      'content-type': contentType,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-request-id': requestId,
    },
    body,
  };
}
