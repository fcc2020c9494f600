import type { LocalResources } from './bootstrap';
import { QUEUES } from '../../infra/definitions/queues';

/**
 * The environment the functions get locally: the same variables the
 * OperationFunction construct sets in AWS, plus the SDK's standard endpoint
 * variables that point every client at the emulators (no "if local" in code).
 */
export function functionEnvironment(r: LocalResources, endpoints: { dynamodb: string; aws: string; apiUrl: string }) {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL: endpoints.aws,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    STAGE: 'local',
    TABLE_NAME: r.tableName,
    USER_POOL_ID: r.userPoolId,
    USER_POOL_CLIENT_ID: r.userPoolClientId,
    COGNITO_JWKS_URI: r.jwksUri,
    EMAIL_FROM: r.emailFrom,
    APP_BASE_URL: endpoints.apiUrl,
    ALLOW_LOOPBACK_CALLBACKS: 'true',
    SECRETS_PREFIX: 'refonte/local/',
    // The contract's per-team limit, as deployed stages default to it.
    RATE_LIMIT_PER_SECOND: process.env.RATE_LIMIT_PER_SECOND ?? '50',
    RATE_LIMIT_BURST: process.env.RATE_LIMIT_BURST ?? '100',
    // Public routes per client IP: the contract's local-stack figure, so test suites fit.
    CLIENT_RATE_LIMIT_PER_MINUTE: process.env.CLIENT_RATE_LIMIT_PER_MINUTE ?? '600',
    ...Object.fromEntries(QUEUES.map((q) => [q.urlEnv, r.queueUrls[q.name]!])),
    POWERTOOLS_SERVICE_NAME: 'refonte-accounts',
    POWERTOOLS_METRICS_NAMESPACE: 'RefonteAccounts',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  };
}
