import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { QueueName, RouteGrants } from '../../shared/http/route';
import type { StageConfig } from '../config';
import { QUEUES } from '../definitions/queues';
import { acknowledgeWildcards, type WildcardAcknowledgement } from '../nag/acknowledge-wildcards';
import type { StatefulResources } from '../stacks/stateful-stack';

export interface OperationFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  readonly entry: string;
  /** What the function may touch. Each grant also sets the variable naming the resource. */
  readonly grants: RouteGrants;
  /** The stateful resources grants refer to; only granted ones are used. */
  readonly resources: StatefulResources;
  readonly config: StageConfig;
  /** Variables not tied to an IAM grant (e.g. the ids a JWT verifier needs). */
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Requests acting for a team count against its rate limit (a counter item in the table). */
  readonly countsTeamRequests?: boolean;
  /** A public route limited per client IP (and sign-in per address): counter items in the table. */
  readonly countsClientRequests?: boolean;
}

/** The Cognito admin calls our use cases make; nothing that lists or reads the pool. */
const USER_POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminInitiateAuth',
  'cognito-idp:AdminUserGlobalSignOut',
];

const SECRETS_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
const SECRETS_WRITE_ACTIONS = [
  ...SECRETS_READ_ACTIONS,
  'secretsmanager:CreateSecret',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecret',
  'secretsmanager:DeleteSecret',
  // CreateSecret with Tags is authorised as TagResource too.
  'secretsmanager:TagResource',
];

const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Stack traces only need file:line; embedded sources would double the zip.
  sourcesContent: false,
  // One line per function from esbuild on success is noise at ~50 functions.
  logLevel: LogLevel.ERROR,
  // The Node.js 22 runtime ships SDK v3; bundling it would add MBs per function.
  externalModules: ['@aws-sdk/*'],
  // ESM output has no `require`, yet bundled CommonJS dependencies call it
  // for Node built-ins. Aliased so it cannot clash with a bundled identifier.
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const XRAY: WildcardAcknowledgement = {
  finding: /^Resource::\*$/,
  reason:
    'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support ' +
    'resource-level permissions, so their resource is "*".',
};

const TABLE_INDEXES: WildcardAcknowledgement = {
  finding: /^Resource::.+\/index\/\*$/,
  reason:
    "grantReadData/grantReadWriteData add <table ARN>/index/* so queries can use the table's " +
    'GSIs; the wildcard covers the indexes of this one table only.',
};

/**
 * The one way this app makes a Lambda function: Node.js 22 on arm64, active
 * tracing, an explicit log group, ESM bundle with source maps, Powertools
 * configuration — and least-privilege access derived from the route table,
 * where each grant sets its IAM permission and its environment variable
 * together, so a function can never hold a variable it has no right to use
 * (or the reverse).
 *
 * The execution role is our own rather than CDK's default, which attaches
 * AWSLambdaBasicExecutionRole (logs:CreateLogGroup and writes to any group);
 * this one may write to its own log group only.
 *
 * The log group is DESTROYed with the function: it holds 30 days of
 * operational logs, the audit trail lives in the (retained) table, and
 * retained groups would pile up unowned after every renamed function and
 * every torn-down preview stage.
 */
export class OperationFunction extends NodejsFunction {
  /** The handler module this function bundles. */
  readonly entry: string;
  private readonly stateful: StatefulResources;

  constructor(scope: Construct, id: string, props: OperationFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      bundling: BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'refonte-accounts',
        POWERTOOLS_METRICS_NAMESPACE: 'RefonteAccounts',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Responses carry tokens and keys (issueToken, key reveal): keep them
        // out of X-Ray segment metadata.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        STAGE: props.config.stage,
        APP_BASE_URL: props.config.appBaseUrl,
        // Only the local stack may deliver callbacks to 127.0.0.1/localhost.
        ALLOW_LOOPBACK_CALLBACKS: 'false',
        ...props.environment,
      },
    });
    this.entry = props.entry;
    this.stateful = props.resources;
    logGroup.grantWrite(this);

    const wildcards = [XRAY, ...this.bindGrants(props.grants, props.config.stage)];
    if (props.countsTeamRequests) this.bindRateCounter(props.config);
    if (props.countsClientRequests) this.bindClientCounters(props.config);
    acknowledgeWildcards(role, ...wildcards);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the local stack runs the same handlers on Node 20, and ' +
        'the deployed runtime stays within one major of it; move to 24 together with the local stack.',
    });
  }

  /** Applies each grant with its variable; returns the wildcards those grants justify. */
  private bindGrants(grants: RouteGrants, stage: string): WildcardAcknowledgement[] {
    const wildcards: WildcardAcknowledgement[] = [];
    if (grants.table) {
      this.bindTable(grants.table);
      wildcards.push(TABLE_INDEXES);
    }
    if (grants.userPool) this.bindUserPool();
    if (grants.email) this.bindEmail();
    if (grants.secrets) wildcards.push(this.bindSecrets(grants.secrets, stage));
    for (const queue of grants.sendTo ?? []) this.bindQueue(queue);
    return wildcards;
  }

  private bindTable(access: NonNullable<RouteGrants['table']>): void {
    const { table } = this.stateful;
    if (access === 'write') table.grantReadWriteData(this);
    else table.grantReadData(this);
    this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * The one write even a read-only operation makes: UpdateItem on rate
   * counters, and only on them (IAM's LeadingKeys condition pins the
   * partition key to `RATE#…`).
   */
  private bindRateCounter(config: StageConfig): void {
    const { table } = this.stateful;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addEnvironment('RATE_LIMIT_PER_SECOND', String(config.teamRateLimit.perSecond));
    this.addEnvironment('RATE_LIMIT_BURST', String(config.teamRateLimit.burst));
  }

  /**
   * Public routes' counters (per client IP and route; sign-in failures per
   * address): UpdateItem to count and GetItem to read a sign-in lock, on
   * `RATE#…` keys only, like the team counter.
   */
  private bindClientCounters(config: StageConfig): void {
    const { table } = this.stateful;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.addEnvironment('CLIENT_RATE_LIMIT_PER_MINUTE', String(config.clientRateLimit.perMinute));
  }

  private bindUserPool(): void {
    const { userPool, userPoolClient } = this.stateful;
    userPool.grant(this, ...USER_POOL_ADMIN_ACTIONS);
    this.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.addEnvironment('USER_POOL_CLIENT_ID', userPoolClient.userPoolClientId);
  }

  private bindEmail(): void {
    const { sender } = this.stateful;
    sender.identity.grantSendEmail(this);
    this.addEnvironment('EMAIL_FROM', sender.fromAddress);
  }

  /** Secrets are named `refonte/<stage>/…`; the function may touch that stage's only. */
  private bindSecrets(access: NonNullable<RouteGrants['secrets']>, stage: string): WildcardAcknowledgement {
    const prefix = `refonte/${stage}/`;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'write' ? SECRETS_WRITE_ACTIONS : SECRETS_READ_ACTIONS,
        resources: [
          Stack.of(this).formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: `${prefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.addEnvironment('SECRETS_PREFIX', prefix);
    return {
      finding: new RegExp(`^Resource::arn:<AWS::Partition>:secretsmanager:.*:secret:${escapeRegExp(prefix)}\\*$`),
      reason:
        `Secrets are created per API key and per team at run time, so their names are not known at ` +
        `deploy time; the grant is confined to this stage's ${prefix} prefix.`,
    };
  }

  private bindQueue(name: QueueName): void {
    const definition = QUEUES.find((queue) => queue.name === name);
    if (!definition) throw new Error(`Unknown queue "${name}" in a route's sendTo`);
    const queue = this.stateful.queues[name];
    queue.grantSendMessages(this);
    this.addEnvironment(definition.urlEnv, queue.queueUrl);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
