import { edgeSecretName } from '../../shared/http/edge';
import type { QueueName } from '../../shared/http/route';
import type { FunctionDefinition } from './functions';
import { QUEUES } from './queues';

/** Where a function's resources are: CDK tokens at synth, real names on the local stack. */
export interface ResourceNames {
  readonly tableName: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly emailFrom: string;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  /** The platform's integration role (customers' storage trusts it). */
  readonly integrationRoleArn: string;
}

/** The stage settings a function reads. */
export interface FunctionStageSettings {
  readonly stage: string;
  readonly appBaseUrl: string;
  readonly teamRateLimit: { readonly perSecond: number; readonly burst: number };
  readonly clientRateLimit: { readonly perMinute: number };
  /** Only the local stack may deliver callbacks to 127.0.0.1/localhost. */
  readonly allowLoopbackCallbacks: boolean;
  /** Local stack only (its tests): compresses the callback retry schedule by this factor. Deployed stages never set it. */
  readonly callbackRetryScale?: number;
}

/**
 * The environment of one function, computed from its definition: each grant
 * brings the variable naming its resource and nothing else. The CDK's
 * `OperationFunction` sets exactly this, and the local dev server runs the
 * function with exactly this (plus the emulators' endpoints), so a function
 * whose code reads a variable its grants do not give fails locally as it
 * would on AWS.
 */
export function functionEnvironment(
  fn: Pick<FunctionDefinition, 'grants' | 'countsTeamRequests' | 'countsClientRequests'>,
  names: ResourceNames,
  stage: FunctionStageSettings,
): Record<string, string> {
  const env: Record<string, string> = {
    // Stack traces point into the TypeScript sources through the bundle's source map.
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'refonte-accounts',
    POWERTOOLS_METRICS_NAMESPACE: 'RefonteAccounts',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Responses carry tokens and keys (issueToken, key reveal): keep them
    // out of X-Ray segment metadata.
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
    STAGE: stage.stage,
    APP_BASE_URL: stage.appBaseUrl,
    ALLOW_LOOPBACK_CALLBACKS: String(stage.allowLoopbackCallbacks),
  };
  const { grants } = fn;
  if (grants.table || fn.countsTeamRequests || fn.countsClientRequests) env.TABLE_NAME = names.tableName;
  if (fn.countsClientRequests) {
    env.CLIENT_RATE_LIMIT_PER_MINUTE = String(stage.clientRateLimit.perMinute);
    // With GetSecretValue on that one secret: the dashboard's edge vouches for its viewers' addresses with it.
    env.EDGE_SECRET_NAME = edgeSecretName(stage.stage);
  }
  if (fn.countsTeamRequests) {
    env.RATE_LIMIT_PER_SECOND = String(stage.teamRateLimit.perSecond);
    env.RATE_LIMIT_BURST = String(stage.teamRateLimit.burst);
  }
  if (grants.userPool?.length || grants.verifiesTokens) {
    env.USER_POOL_ID = names.userPoolId;
    env.USER_POOL_CLIENT_ID = names.userPoolClientId;
  }
  if (grants.email) env.EMAIL_FROM = names.emailFrom;
  if (grants.secrets) env.SECRETS_PREFIX = secretsPrefix(stage.stage);
  if (grants.integrationRole) env.INTEGRATION_ROLE_ARN = names.integrationRoleArn;
  for (const name of [...(grants.sendTo ?? []), ...(grants.receivesFrom ? [grants.receivesFrom] : [])]) {
    const queue = QUEUES.find((q) => q.name === name);
    if (!queue) throw new Error(`Unknown queue "${name}" in a function's sendTo`);
    env[queue.urlEnv] = names.queueUrls[name];
  }
  if (grants.receivesFrom === 'callbacks' && stage.callbackRetryScale !== undefined) {
    env.CALLBACK_RETRY_SCALE = String(stage.callbackRetryScale);
  }
  return env;
}

/** Secrets are named `refonte/<stage>/…`; a function may touch its stage's only. */
export function secretsPrefix(stage: string): string {
  return `refonte/${stage}/`;
}
