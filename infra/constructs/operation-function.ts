import { ArnFormat, AssetHashType, Duration, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { PARTITION } from '../../shared/db/keys';
import { bundleFor } from '../bundling/app-bundles';
import type { QueueName, RouteGrants, ScopedTableGrant } from '../../shared/http/route';
import type { StageConfig } from '../config';
import { functionEnvironment, secretsPrefix } from '../definitions/function-environment';
import { DEFAULT_TIMEOUT_SECONDS, type FunctionDefinition } from '../definitions/functions';
import { acknowledgeWildcards, ARN_PARTITION, type WildcardAcknowledgement } from '../nag/acknowledge-wildcards';
import type { StatefulResources } from '../stacks/stateful-stack';

export interface OperationFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  readonly entry: string;
  /** What the function is: its grants (IAM and variables together) and whether it counts team requests. */
  readonly definition: Pick<FunctionDefinition, 'grants' | 'countsTeamRequests' | 'countsClientRequests' | 'description' | 'timeoutSeconds' | 'codeSplitting'>;
  /** The stateful resources grants refer to; only granted ones are used. */
  readonly resources: StatefulResources;
  readonly config: StageConfig;
}

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


const XRAY: WildcardAcknowledgement = {
  finding: /^Resource::\*$/,
  reason:
    'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support ' +
    'resource-level permissions, so their resource is "*".',
};

const TABLE_INDEXES: WildcardAcknowledgement = {
  finding: /^Resource::.+\/index\/\*$/,
  reason:
    "Table grants include <table ARN>/index/* so queries can use the table's GSIs; the wildcard " +
    'covers the indexes of this one table only.',
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
export class OperationFunction extends LambdaFunction {
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
    const { definition, resources, config } = props;
    super(scope, id, {
      code: bundledCode(scope, props.entry, definition.codeSplitting === true),
      handler: 'index.handler',
      description: definition.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(definition.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      // The same computation gives the local dev server its variables.
      environment: functionEnvironment(
        definition,
        {
          tableName: resources.table.tableName,
          userPoolId: resources.userPool.userPoolId,
          userPoolClientId: resources.userPoolClient.userPoolClientId,
          emailFrom: resources.sender.fromAddress,
          queueUrls: { callbacks: resources.queues.callbacks.queueUrl, 'test-tasks': resources.queues['test-tasks'].queueUrl },
          integrationRoleArn: resources.integrationRole.roleArn,
        },
        { ...config, allowLoopbackCallbacks: false },
      ),
    });
    this.entry = props.entry;
    this.stateful = resources;
    logGroup.grantWrite(this);

    const wildcards = [XRAY, ...this.bindGrants(definition.grants, config.stage)];
    if (definition.countsTeamRequests || definition.countsClientRequests) this.bindRateCounters();
    // Only the edge's secret, read only: the per-client limits check a forwarded viewer address against it.
    if (definition.countsClientRequests) {
      this.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [resources.edgeSecret.secretArn] }));
    }
    acknowledgeWildcards(role, ...wildcards);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the local stack runs the same handlers on Node 20, and ' +
        'the deployed runtime stays within one major of it; move to 24 together with the local stack.',
    });
  }

  /** Applies each grant's IAM permissions; returns the wildcards those grants justify. */
  private bindGrants(grants: RouteGrants, stage: string): WildcardAcknowledgement[] {
    const wildcards: WildcardAcknowledgement[] = [];
    if (grants.table) wildcards.push(...this.bindTable(grants.table));
    if (grants.userPool?.length) {
      this.stateful.userPool.grant(this, ...grants.userPool.map((action) => `cognito-idp:${action}`));
    }
    // SendEmail only: grantSendEmail would add SendRawEmail, which we never call.
    if (grants.email) {
      this.addToRolePolicy(
        new PolicyStatement({ actions: ['ses:SendEmail'], resources: [this.stateful.sender.identity.emailIdentityArn] }),
      );
    }
    if (grants.secrets) wildcards.push(this.bindSecrets(grants.secrets, stage));
    for (const queue of grants.sendTo ?? []) this.bindQueue(queue);
    // Acting as the platform's integration role is granted here, per function; the role's trust is the account's.
    if (grants.integrationRole === 'assume') {
      this.addToRolePolicy(new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [this.stateful.integrationRole.roleArn] }));
    }
    // The consume rights (receive, delete, change visibility) come with the event source (see MessagingStack).
    return wildcards;
  }

  /**
   * Exactly these item actions, on items of these partitions only; and Query
   * on the indexes when asked — never CDK's grantReadData/grantReadWriteData,
   * which add Scan, BatchGet, DescribeTable and stream reads no operation uses.
   */
  private bindTable(grant: ScopedTableGrant): WildcardAcknowledgement[] {
    const { table } = this.stateful;
    this.addToRolePolicy(
      new PolicyStatement({
        actions: grant.actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        conditions: leadingKeys(grant.partitions.map((name) => PARTITION[name])),
      }),
    );
    if (!grant.queriesIndex) return [];
    this.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }));
    return [TABLE_INDEXES];
  }

  /**
   * The one write even a read-only operation makes: UpdateItem on rate
   * counters — the team's, or a public route's per client IP (and sign-in's
   * per address) — and only on them: IAM's LeadingKeys condition pins the
   * partition key to `RATE#…`. (Sign-in also reads its lock: a GetItem its
   * route grants.)
   */
  private bindRateCounters(): void {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.stateful.table.tableArn],
        conditions: leadingKeys([PARTITION.rateCounter]),
      }),
    );
  }

  /** Secrets are named `refonte/<stage>/…`; the function may touch that stage's only. */
  private bindSecrets(access: NonNullable<RouteGrants['secrets']>, stage: string): WildcardAcknowledgement {
    const prefix = secretsPrefix(stage);
    this.addToRolePolicy(
      new PolicyStatement({
        actions:
          access === 'write'
            ? SECRETS_WRITE_ACTIONS
            : access === 'read'
              ? SECRETS_READ_ACTIONS
              : access.map((action) => `secretsmanager:${action}`),
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
    return {
      finding: new RegExp(`^Resource::arn:${ARN_PARTITION}:secretsmanager:.*:secret:${escapeRegExp(prefix)}\\*$`),
      reason:
        `Secrets are created per API key and per team at run time, so their names are not known at ` +
        `deploy time; the grant is confined to this stage's ${prefix} prefix.`,
    };
  }

  private bindQueue(name: QueueName): void {
    this.stateful.queues[name].grantSendMessages(this);
  }
}

/**
 * The function's code: its handler bundled in-process (see app-bundles.ts),
 * staged by content hash — unless this synthesis skips bundling
 * (`-c aws:cdk:bundling-stacks=[]`, as `cdk` does for stacks it does not
 * deploy, and tests that read only policies).
 */
function bundledCode(scope: Construct, entry: string, codeSplitting: boolean): Code {
  if (!Stack.of(scope).bundlingRequired) return Code.fromInline('// not bundled in this synthesis');
  const bundle = bundleFor(Stage.of(scope)!, entry, codeSplitting);
  return Code.fromAsset(bundle.dir, { assetHashType: AssetHashType.CUSTOM, assetHash: bundle.hash });
}

/** Every item the request touches must have a partition key starting with one of these prefixes. */
function leadingKeys(prefixes: readonly string[]) {
  return { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) } };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
