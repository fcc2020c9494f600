import { functionEnvironment, type FunctionStageSettings } from '../../infra/definitions/function-environment';
import { allFunctions, type FunctionDefinition } from '../../infra/definitions/functions';
import type { QueueName } from '../../shared/http/route';
import type { LocalResources } from './bootstrap';

export interface LocalEndpoints {
  dynamodb: string;
  aws: string;
  apiUrl: string;
}

/** What the dev server needs to give every function its environment. */
export interface LocalFunctionConfig {
  resources: LocalResources;
  endpoints: LocalEndpoints;
  /** The stage's per-team limit; default the deployed stages' (50/s, bursts of 100), or RATE_LIMIT_* from the environment. */
  teamRateLimit?: { perSecond: number; burst: number };
  /** Public routes per client IP; default 600 a minute — the contract's local-stack figure, so test suites fit. */
  clientRateLimit?: { perMinute: number };
}

export interface LocalFunction {
  definition: FunctionDefinition;
  env: Record<string, string>;
}

/** The local stack's stage name (its secrets live under `refonte/local/`). */
export const LOCAL_STAGE = 'local';

/** The local stack's stage: the deployed defaults, except that callbacks may go to loopback. */
export function localStageSettings(config: LocalFunctionConfig): FunctionStageSettings {
  return {
    stage: LOCAL_STAGE,
    appBaseUrl: config.endpoints.apiUrl,
    teamRateLimit: config.teamRateLimit ?? {
      perSecond: Number(process.env.RATE_LIMIT_PER_SECOND ?? 50),
      burst: Number(process.env.RATE_LIMIT_BURST ?? 100),
    },
    clientRateLimit: config.clientRateLimit ?? { perMinute: Number(process.env.CLIENT_RATE_LIMIT_PER_MINUTE ?? 600) },
    allowLoopbackCallbacks: true,
  };
}

/**
 * What the local stack adds to a function's own environment: the region and
 * dummy credentials Lambda's runtime would provide, and the SDK's standard
 * endpoint variables pointing every client at the emulators (so business
 * code has no "if local"). Nothing here names a resource: those come only
 * from the function's grants.
 */
export function emulatorEnvironment(endpoints: LocalEndpoints, r: LocalResources, fn: FunctionDefinition | null): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL: endpoints.aws,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // aws-jwt-verify would fetch the keys from the real issuer URL; locally they come from the emulator.
    ...(fn === null || fn.grants.verifiesTokens ? { COGNITO_JWKS_URI: r.jwksUri } : {}),
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...(process.env.POWERTOOLS_LOG_LEVEL ? { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL } : {}),
  };
}

function resourceNames(r: LocalResources) {
  return {
    tableName: r.tableName,
    userPoolId: r.userPoolId,
    userPoolClientId: r.userPoolClientId,
    emailFrom: r.emailFrom,
    queueUrls: r.queueUrls as Record<QueueName, string>,
  };
}

/** Each function's local environment: exactly what its CDK construct gets, plus the emulators. */
export function localFunctions(config: LocalFunctionConfig): Map<string, LocalFunction> {
  const { resources, endpoints } = config;
  const stage = localStageSettings(config);
  return new Map(
    allFunctions().map((definition) => [
      definition.id,
      {
        definition,
        env: {
          ...functionEnvironment(definition, resourceNames(resources), stage),
          ...emulatorEnvironment(endpoints, resources, definition),
        },
      },
    ]),
  );
}

/**
 * Every variable any function gets, for tests that call use cases and
 * entity modules in-process (they stand for no one function).
 */
export function inProcessEnvironment(config: LocalFunctionConfig): Record<string, string> {
  const all = [...localFunctions(config).values()].map((fn) => fn.env);
  return Object.assign({}, ...all, emulatorEnvironment(config.endpoints, config.resources, null)) as Record<string, string>;
}
