import { isDependencyUnavailable } from '../dependency-errors';
import { DomainError, UnavailableError, type ErrorDetail } from '../errors';
import { logger } from '../powertools';

export interface ErrorResponse {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

/** Errors middy's own middlewares throw (they carry statusCode and a message). */
function isMiddyHttpError(error: unknown): error is { statusCode: number; message: string; cause?: { data?: unknown } } {
  return typeof error === 'object' && error !== null && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

/**
 * The one place any thrown error becomes the contract's error. Domain errors
 * speak for themselves; middy's body parser says 415 for both a wrong media
 * type and malformed JSON, and the contract wants 400 for the latter.
 * A throttled or failing AWS dependency is 503 `unavailable` with Retry-After.
 * Anything else is a bug: logged with its stack, answered with a generic 500.
 */
function toResponse(error: DomainError): ErrorResponse {
  return { status: error.status, code: error.code, message: error.message, details: error.details, headers: error.headers };
}

export function mapError(error: unknown): ErrorResponse {
  if (isDependencyUnavailable(error)) {
    // Loud (it alarms) but not a bug: the SDK already retried, the client may too.
    logger.error('Dependency unavailable', error as Error);
    return toResponse(new UnavailableError());
  }
  if (error instanceof DomainError) {
    // A 5xx is never the caller's fault: it must show up in the error logs and alarms.
    if (error.status >= 500) logger.error('Request failed', error);
    return toResponse(error);
  }
  if (isMiddyHttpError(error)) {
    if (error.statusCode === 415 && /malformed JSON/i.test(error.message)) {
      return { status: 400, code: 'validation_failed', message: 'The request body is not valid JSON.' };
    }
    if (error.statusCode === 415) {
      return { status: 415, code: 'unsupported_media_type', message: 'Send the request body as application/json.' };
    }
  }
  logger.error('Unhandled error', error as Error);
  return {
    status: 500,
    code: 'internal_error',
    message: 'Something went wrong on our side. Quote the request id if you contact support.',
  };
}
