/**
 * Errors that mean a dependency is throttling or failing, not that the
 * request is wrong: the SDK has already retried them with backoff. They are
 * answered 503 `unavailable` with Retry-After (never a bare 500), and logged
 * as errors so they alarm.
 */
const THROTTLING = new Set([
  // DynamoDB
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  // Cognito, SES, Secrets Manager, SQS
  'TooManyRequestsException',
  'Throttling',
  'LimitExceededException',
]);

const UNAVAILABLE = new Set(['InternalServerError', 'InternalErrorException', 'ServiceUnavailable', 'ServiceUnavailableException', 'TimeoutError']);

/** The service could not be reached at all (after the SDK's retries). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export function isDependencyUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (!$metadata) return false; // only what the AWS SDK reports
  return (
    THROTTLING.has(name ?? '') ||
    UNAVAILABLE.has(name ?? '') ||
    NETWORK.has(code ?? '') ||
    ($metadata.httpStatusCode ?? 0) === 503
  );
}

export function isThrottling(error: unknown): boolean {
  return isDependencyUnavailable(error) && THROTTLING.has((error as { name?: string }).name ?? '');
}
