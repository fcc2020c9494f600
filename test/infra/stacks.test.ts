import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack, Validations, type NestedStack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import type { RouteAuth, RouteDefinition } from '../../shared/http/route';
import { buildApp, type RefonteApp } from '../../infra/build-app';
import type { OperationFunction } from '../../infra/constructs/operation-function';
import { PARTITION } from '../../shared/db/keys';
import { QUEUES } from '../../infra/definitions/queues';
import { COMPLETE_TEST_TASKS, MESSAGING_FUNCTIONS, RELAY_OUTBOX, SEND_CALLBACKS } from '../../infra/definitions/functions';
import { TABLE_DEFINITION } from '../../infra/definitions/table';
import { USER_POOL_DEFINITION } from '../../infra/definitions/user-pool';
import {
  allowedActions,
  allowedActionsOn,
  apiPathOf,
  getAtts,
  logicalIdOf,
  resourcesOfType,
  roleOfFunction,
  statementsFor,
  templateOf,
  toArray,
  type CfnResourceJson,
  type CfnTemplate,
} from './template-helpers';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

const USER_POOL_ACTIONS = [
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

const AUTHORIZATION_TYPE: Record<RouteAuth, string> = {
  public: 'NONE',
  user: 'CUSTOM',
  user_or_key: 'CUSTOM',
  support: 'AWS_IAM',
};

/** API Gateway's own errors and what the HTTP contract says they must become. */
const GATEWAY_RESPONSES: Record<string, { status?: string; code?: string }> = {
  DEFAULT_4XX: {},
  DEFAULT_5XX: { code: 'internal_error' },
  UNAUTHORIZED: { status: '401', code: 'unauthenticated' },
  ACCESS_DENIED: { status: '403', code: 'forbidden' },
  MISSING_AUTHENTICATION_TOKEN: { status: '404', code: 'not_found' },
  THROTTLED: { status: '429', code: 'rate_limited' },
  AUTHORIZER_FAILURE: { status: '503', code: 'unavailable' },
  AUTHORIZER_CONFIGURATION_ERROR: { status: '503', code: 'unavailable' },
  REQUEST_TOO_LARGE: { status: '413', code: 'payload_too_large' },
  UNSUPPORTED_MEDIA_TYPE: { status: '415', code: 'unsupported_media_type' },
};

let refonte: RefonteApp;
let assembly: CloudAssembly;
let stateful: CfnTemplate;
let api: CfnTemplate;
/** The Api stack and each of its nested stacks. */
let apiTemplates: CfnTemplate[];

// One synthesis for the whole file: it bundles every function with esbuild.
// synth() also runs cdk-nag and throws on any unacknowledged finding.
beforeAll(() => {
  refonte = buildApp({ outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-cdk-')) });
  assembly = refonte.app.synth();
  stateful = templateOf(assembly, refonte.stateful);
  api = templateOf(assembly, refonte.api);
  const nested = refonte.api.node.children.filter((child): child is NestedStack => child instanceof Stack && child.nested);
  apiTemplates = [api, ...nested.map((stack) => templateOf(assembly, stack))];
}, 180_000);

function functionOf(route: RouteDefinition): OperationFunction {
  const fn = refonte.api.operationFunctions.get(route.operationId);
  if (!fn) throw new Error(`No function for ${route.operationId}`);
  return fn;
}

/** The function's resource and the template (its nested stack's) that holds it. */
function deployedFunction(fn: OperationFunction): { template: CfnTemplate; resource: CfnResourceJson } {
  const template = templateOf(assembly, Stack.of(fn));
  const resource = template.Resources[logicalIdOf(fn)];
  if (!resource) throw new Error(`Function ${fn.node.path} is not in its stack's template`);
  return { template, resource };
}

function environmentOf(resource: CfnResourceJson): Record<string, unknown> {
  return resource.Properties?.Environment?.Variables ?? {};
}

function methodsOf(route: RouteDefinition): CfnResourceJson[] {
  return resourcesOfType(api, 'AWS::ApiGateway::Method')
    .map(([, method]) => method)
    .filter(
      (method) =>
        method.Properties?.HttpMethod === route.method && apiPathOf(api, method.Properties?.ResourceId) === route.path,
    );
}

describe('stateful stack', () => {
  it('keeps the single table: on-demand, PITR, deletion protection, TTL, retained', () => {
    Template.fromJSON(stateful).resourceCountIs('AWS::DynamoDB::Table', 1);
    Template.fromJSON(stateful).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      }),
    });
  });

  it('makes an admin-only, email, case-insensitive user pool with the password policy, retained', () => {
    const policy = USER_POOL_DEFINITION.passwordPolicy;
    Template.fromJSON(stateful).hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        UsernameAttributes: ['email'],
        UsernameConfiguration: { CaseSensitive: false },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: policy.minLength,
            RequireLowercase: policy.requireLowercase,
            RequireUppercase: policy.requireUppercase,
            RequireNumbers: policy.requireDigits,
            RequireSymbols: policy.requireSymbols,
          }),
        },
      }),
    });
  });

  it('gives the user pool client exactly the listed auth flows, no secret, the token validities', () => {
    const clients = resourcesOfType(stateful, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const [, client] = clients[0]!;
    const { client: expected } = USER_POOL_DEFINITION;
    expect(client.Properties).toMatchObject({
      ExplicitAuthFlows: [...expected.authFlows],
      GenerateSecret: false,
      IdTokenValidity: expected.idTokenValidityMinutes,
      AccessTokenValidity: expected.accessTokenValidityMinutes,
      RefreshTokenValidity: expected.refreshTokenValidityDays * 24 * 60,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
    });
    expect(client.Properties?.AllowedOAuthFlows).toBeUndefined();
  });

  it("does not let a user rewrite their own email with their access token (the client's writable attributes)", () => {
    const [[, client]] = resourcesOfType(stateful, 'AWS::Cognito::UserPoolClient') as [[string, CfnResourceJson]];
    const writable = client.Properties?.WriteAttributes as string[];
    // Cognito reads a missing or empty list as "every writable attribute".
    expect(writable.length).toBeGreaterThan(0);
    expect(writable).toEqual([...USER_POOL_DEFINITION.client.writeAttributes]);
    for (const identity of ['email', 'email_verified', 'phone_number', 'phone_number_verified']) expect(writable).not.toContain(identity);
  });

  it.each(QUEUES.map((definition) => [definition.name, definition] as const))(
    'gives the %s queue its own encrypted, TLS-only DLQ with the definition’s redrive',
    (name, definition) => {
      const queue = stateful.Resources[logicalIdOf(refonte.stateful.queues[name])]!;
      expect(queue.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        DelaySeconds: definition.deliveryDelaySeconds,
        MessageRetentionPeriod: definition.retentionDays * 86_400,
        RedrivePolicy: { maxReceiveCount: definition.maxReceiveCount },
      });
      const [[dlqId]] = getAtts(queue.Properties?.RedrivePolicy?.deadLetterTargetArn) as [[string, string]];
      const dlq = stateful.Resources[dlqId]!;
      expect(dlq.Type).toBe('AWS::SQS::Queue');
      expect(dlq.Properties?.SqsManagedSseEnabled).toBe(true);
      // The DLQ must outlive the source's retention, or exhausted messages vanish.
      expect(dlq.Properties?.MessageRetentionPeriod).toBeGreaterThan(definition.retentionDays * 86_400);
      // Each DLQ serves one queue.
      const otherUsers = resourcesOfType(stateful, 'AWS::SQS::Queue').filter(([id, other]) =>
        id !== logicalIdOf(refonte.stateful.queues[name]) &&
        getAtts(other.Properties?.RedrivePolicy?.deadLetterTargetArn).some(([target]) => target === dlqId),
      );
      expect(otherUsers).toEqual([]);
    },
  );

  it('denies non-TLS access to every queue, DLQs and the relay failure queue included', () => {
    const queueIds = resourcesOfType(stateful, 'AWS::SQS::Queue').map(([id]) => id);
    expect(queueIds).toHaveLength(QUEUES.length * 2 + 1);
    const protectedQueues = resourcesOfType(stateful, 'AWS::SQS::QueuePolicy')
      .filter(([, policy]) =>
        (policy.Properties?.PolicyDocument?.Statement as Array<Record<string, any>>).some(
          (statement) =>
            statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
        ),
      )
      .flatMap(([, policy]) => (policy.Properties?.Queues as Array<{ Ref: string }>).map((queue) => queue.Ref));
    expect(new Set(protectedQueues)).toEqual(new Set(queueIds));
  });

  it('has an SES identity for the default sender', () => {
    Template.fromJSON(stateful).hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'no-reply@refonte.example',
    });
  });
});

describe('API routes', () => {
  const byOperation = routeList.map((route) => [route.operationId, route] as const);

  it('has exactly one method per route and no other', () => {
    expect(resourcesOfType(api, 'AWS::ApiGateway::Method')).toHaveLength(routeList.length);
  });

  it.each(byOperation)('%s: one method on its path with its auth, integrated with its own function', (_, route) => {
    const methods = methodsOf(route);
    expect(methods).toHaveLength(1);
    const method = methods[0]!;
    expect(method.Properties?.AuthorizationType).toBe(AUTHORIZATION_TYPE[route.auth]);
    if (AUTHORIZATION_TYPE[route.auth] === 'CUSTOM') {
      expect(method.Properties?.AuthorizerId).toEqual({ Ref: logicalIdOf(refonte.api.authorizer) });
    }
    expect(method.Properties?.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });

    // The integration URI points at an output of the route's area stack,
    // and that output is this route's function.
    const fn = functionOf(route);
    const areaStack = Stack.of(fn) as NestedStack;
    expect(areaStack.nested).toBe(true);
    const outputRefs = getAtts(method.Properties?.Integration?.Uri).filter(([, attr]) => attr.startsWith('Outputs.'));
    expect(outputRefs).toHaveLength(1);
    const [nestedStackId, outputAttr] = outputRefs[0]!;
    expect(nestedStackId).toBe(logicalIdOf(areaStack.nestedStackResource!));
    const output = templateOf(assembly, areaStack).Outputs?.[outputAttr.replace(/^Outputs\./, '')];
    expect(getAtts(output?.Value)).toEqual([[logicalIdOf(fn), 'Arn']]);

    expect(fn.entry).toBe(path.join(FUNCTIONS_DIR, `${route.handler}.ts`));
    expect(existsSync(fn.entry)).toBe(true);
  });

  it('groups functions in one nested stack per area (first tag); only the authorizer stays in the API stack', () => {
    for (const route of routeList) {
      expect(Stack.of(functionOf(route)).node.id.toLowerCase()).toBe(`${route.tags[0]}functions`);
    }
    expect(resourcesOfType(api, 'AWS::Lambda::Function').map(([id]) => id)).toEqual([
      logicalIdOf(refonte.api.node.findChild('AuthorizerFunction')),
    ]);
  });
});

describe('least privilege, from the route table', () => {
  const byOperation = routeList.map((route) => [route.operationId, route] as const);

  it('covers scoped, index-querying and table-less routes (so the checks below are not vacuous)', () => {
    expect(routeList.some((route) => route.grants.table && !route.grants.table.queriesIndex)).toBe(true);
    expect(routeList.some((route) => route.grants.table?.queriesIndex)).toBe(true);
    expect(routeList.some((route) => !route.grants.userPool)).toBe(true);
    expect(routeList.some((route) => route.grants.userPool)).toBe(true);
    // Public routes without a table exist: their functions must get no TABLE_NAME.
    expect(routeList.some((route) => route.auth === 'public' && !route.grants.table)).toBe(true);
  });

  /** The statement pinned to exactly these partition prefixes, if any. */
  const pinnedTo = (statements: Array<Record<string, any>>, prefixes: string[]) =>
    statements.filter(
      (statement) =>
        JSON.stringify(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) ===
        JSON.stringify(prefixes.map((prefix) => `${prefix}*`)),
    );

  it.each(byOperation)('%s: table actions, item types and TABLE_NAME exactly as its grant says', (_, route) => {
    const { template, resource } = deployedFunction(functionOf(route));
    const statements = statementsFor(template, roleOfFunction(resource)).filter((statement) =>
      toArray(statement.Action).some((action) => String(action).startsWith('dynamodb:')),
    );
    const env = environmentOf(resource);
    const countsTeamRequests = route.auth === 'user' || route.auth === 'user_or_key';
    const grant = route.grants.table;
    const tableStatements = statements.filter((statement) => pinnedTo([statement], [PARTITION.rateCounter]).length === 0);
    // Never what no operation does: scans, batches, stream reads, table descriptions.
    const actions = statements.flatMap((statement) => toArray(statement.Action) as string[]);
    for (const unused of ['Scan', 'BatchGetItem', 'GetRecords', 'GetShardIterator', 'DescribeTable']) {
      expect(actions).not.toContain(`dynamodb:${unused}`);
    }
    if (!grant) {
      expect(tableStatements).toEqual([]);
      // Only the counters' table, for a function that counts team or client requests.
      expect('TABLE_NAME' in env).toBe(countsTeamRequests || route.limitPerClient === true);
      return;
    }
    expect(env).toHaveProperty('TABLE_NAME');
    const [items, ...rest] = pinnedTo(tableStatements, grant.partitions.map((name) => PARTITION[name]));
    expect(rest).toEqual([]);
    expect([...toArray(items!.Action)].sort()).toEqual(grant.actions.map((a) => `dynamodb:${a}`).sort());
    expect(JSON.stringify(items!.Resource)).not.toContain('/index/');
    const indexQueries = tableStatements.filter((s) => JSON.stringify(s.Resource).includes('/index/*'));
    if (grant.queriesIndex) {
      expect(indexQueries).toHaveLength(1);
      expect(toArray(indexQueries[0]!.Action)).toEqual(['dynamodb:Query']);
    } else {
      expect(indexQueries).toEqual([]);
    }
  });

  it.each(byOperation)('%s: counts team requests (UpdateItem on RATE# counters only) exactly when authenticated as a team', (_, route) => {
    const { template, resource } = deployedFunction(functionOf(route));
    const counter = pinnedTo(statementsFor(template, roleOfFunction(resource)), [PARTITION.rateCounter]);
    const env = environmentOf(resource);
    if (route.limitPerClient) {
      // Public and limited per client: its own counters, the same RATE# pin.
      expect(counter).toHaveLength(1);
      expect(toArray(counter[0]!.Action)).toEqual(['dynamodb:UpdateItem']);
      expect(env).toMatchObject({ CLIENT_RATE_LIMIT_PER_MINUTE: '20' });
      expect(env).not.toHaveProperty('RATE_LIMIT_PER_SECOND');
    } else if (route.auth === 'user' || route.auth === 'user_or_key') {
      expect(counter).toHaveLength(1);
      expect(toArray(counter[0]!.Action)).toEqual(['dynamodb:UpdateItem']);
      expect(env).toMatchObject({ RATE_LIMIT_PER_SECOND: '50', RATE_LIMIT_BURST: '100' });
    } else {
      expect(counter).toEqual([]);
      expect(env).not.toHaveProperty('RATE_LIMIT_PER_SECOND');
    }
  });

  it.each(byOperation)('%s: Cognito admin calls and pool ids only with the userPool grant', (_, route) => {
    const { template, resource } = deployedFunction(functionOf(route));
    const cognito = allowedActions(template, roleOfFunction(resource)).filter((a) => a.startsWith('cognito-idp:'));
    const env = environmentOf(resource);
    if (route.grants.userPool) {
      // Exactly the calls this route makes, named in the route table.
      expect([...cognito].sort()).toEqual(route.grants.userPool.map((action) => `cognito-idp:${action}`).sort());
      for (const action of cognito) expect(USER_POOL_ACTIONS).toContain(action);
      expect(env).toHaveProperty('USER_POOL_ID');
      expect(env).toHaveProperty('USER_POOL_CLIENT_ID');
    } else if (route.grants.verifiesTokens) {
      expect(cognito).toEqual([]);
      expect(env).toHaveProperty('USER_POOL_ID');
    } else {
      expect(cognito).toEqual([]);
      expect(env).not.toHaveProperty('USER_POOL_ID');
    }
  });

  const isEdgeSecret = (resource: unknown) => JSON.stringify(resource).includes(logicalIdOf(refonte.stateful.edgeSecret));

  it.each(byOperation)('%s: SES, Secrets Manager and SQS only as granted, each with its variable', (_, route) => {
    const { template, resource } = deployedFunction(functionOf(route));
    const actions = allowedActions(template, roleOfFunction(resource));
    const env = environmentOf(resource);
    const { email, secrets, sendTo = [] } = route.grants;

    expect(actions.some((a) => a.startsWith('ses:'))).toBe(Boolean(email));
    expect('EMAIL_FROM' in env).toBe(Boolean(email));
    if (email) expect(env.EMAIL_FROM).toBe('no-reply@refonte.example');

    // Per-client limited routes read the edge secret, and only it (see the edge tests below).
    const prefixed = allowedActionsOn(template, roleOfFunction(resource), (r) => !isEdgeSecret(r));
    expect(prefixed.some((a) => a.startsWith('secretsmanager:'))).toBe(Boolean(secrets));
    expect(env.SECRETS_PREFIX).toBe(secrets ? 'refonte/dev/' : undefined);
    const writes = (action: string) => /Create|Put|Update|Delete/.test(action);
    expect(prefixed.filter((a) => a.startsWith('secretsmanager:') && writes(a)).length > 0).toBe(
      secrets === 'write' || (Array.isArray(secrets) && secrets.some(writes)),
    );
    // Named actions: exactly those.
    if (Array.isArray(secrets)) {
      expect(prefixed.filter((a) => a.startsWith('secretsmanager:')).sort()).toEqual(secrets.map((a) => `secretsmanager:${a}`).sort());
    }
    expect(allowedActionsOn(template, roleOfFunction(resource), isEdgeSecret)).toEqual(route.limitPerClient ? ['secretsmanager:GetSecretValue'] : []);
    expect(env.EDGE_SECRET_NAME).toBe(route.limitPerClient ? 'refonte-edge-origin/dev' : undefined);

    expect(actions.includes('sqs:SendMessage')).toBe(sendTo.length > 0);
    for (const queue of QUEUES) expect(queue.urlEnv in env).toBe(sendTo.includes(queue.name));
  });

  it.each(byOperation)('%s: no wildcard actions', (_, route) => {
    const { template, resource } = deployedFunction(functionOf(route));
    expect(allowedActions(template, roleOfFunction(resource)).filter((a) => a.includes('*'))).toEqual([]);
  });
});

describe('every function', () => {
  const allFunctions = () =>
    apiTemplates.flatMap((template) =>
      resourcesOfType(template, 'AWS::Lambda::Function').map(([id, fn]) => ({ id, fn, template })),
    );

  it('one per route plus the authorizer', () => {
    expect(allFunctions()).toHaveLength(routeList.length + 1);
  });

  it('runs Node.js 22 on arm64 with active tracing, 512 MB, 10 s (or its route\'s timeout) and its own 30-day log group', () => {
    for (const { id, fn, template } of allFunctions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        MemorySize: 512,
        // A route function's description ends with its operationId.
        Timeout: routeList.find((route) => String(fn.Properties?.Description).endsWith(`(${route.operationId})`))?.timeoutSeconds ?? 10,
        Handler: 'index.handler',
      });
      const logGroupId = (fn.Properties?.LoggingConfig?.LogGroup as { Ref: string }).Ref;
      expect(template.Resources[logGroupId], id).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
      // Our role, not AWSLambdaBasicExecutionRole: logs go to its own group only.
      const role = template.Resources[roleOfFunction(fn)]!;
      expect(role.Properties?.ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it('gets its AWS credentials in the environment, as its bundle requires (infra/bundling/lambda-credentials.ts): no SnapStart, no capacity provider', () => {
    const everyTemplate = [stateful, ...apiTemplates, templateOf(assembly, refonte.messaging), templateOf(assembly, refonte.dashboard)];
    const functions = everyTemplate.flatMap((template) => resourcesOfType(template, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(routeList.length);
    for (const [id, fn] of functions) {
      expect(fn.Properties?.SnapStart, id).toBeUndefined();
      expect(fn.Properties?.CapacityProviderConfig, id).toBeUndefined();
    }
  });

  it('gets the stage, app URL, source maps and Powertools settings', () => {
    for (const { id, fn } of allFunctions()) {
      expect(environmentOf(fn), id).toMatchObject({
        STAGE: 'dev',
        APP_BASE_URL: 'https://app.refonte.example',
        ALLOW_LOOPBACK_CALLBACKS: 'false',
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'refonte-accounts',
        POWERTOOLS_METRICS_NAMESPACE: 'RefonteAccounts',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });
});

describe('API stack', () => {
  it('puts a WAF web ACL with a per-IP rate-based rule (the outer guard) on the API stage', () => {
    const t = Template.fromJSON(api);
    // A request carries the edge secret (a dynamic reference to the stateful stack's secret, resolved at deploy).
    const fromEdge = {
      ByteMatchStatement: {
        FieldToMatch: { SingleHeader: { Name: 'x-refonte-edge-secret' } },
        PositionalConstraint: 'EXACTLY',
        SearchString: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { 'Fn::ImportValue': Match.stringLikeRegexp(`Ref${logicalIdOf(refonte.stateful.edgeSecret)}`) }, ':SecretString:::}}']],
        },
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    };
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, CustomResponseBodyKey: 'rateLimited' }) } },
          Statement: {
            RateBasedStatement: Match.objectLike({
              AggregateKeyType: 'IP',
              Limit: refonte.config.wafRateLimit.per5Minutes,
              EvaluationWindowSec: 300,
              ScopeDownStatement: { NotStatement: { Statement: fromEdge } },
            }),
          },
        }),
        // Through the dashboard's CloudFront, the viewer it vouches for (with the secret) is the client.
        Match.objectLike({
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, CustomResponseBodyKey: 'rateLimited' }) } },
          Statement: {
            RateBasedStatement: {
              AggregateKeyType: 'FORWARDED_IP',
              ForwardedIPConfig: { HeaderName: 'x-refonte-viewer-address', FallbackBehavior: 'MATCH' },
              Limit: refonte.config.wafRateLimit.per5Minutes,
              EvaluationWindowSec: 300,
              ScopeDownStatement: fromEdge,
            },
          },
        }),
      ],
    });
    const [[, acl]] = resourcesOfType(api, 'AWS::WAFv2::WebACL') as [[string, CfnResourceJson]];
    // No sampled requests: a sample shows every header, the edge secret included.
    const rules = acl.Properties!.Rules as { VisibilityConfig: { SampledRequestsEnabled: boolean } }[];
    const visibility = [acl.Properties!.VisibilityConfig, ...rules.map((rule) => rule.VisibilityConfig)];
    expect(visibility.map((config) => config.SampledRequestsEnabled)).toEqual([false, false, false]);
    expect(JSON.parse(acl.Properties?.CustomResponseBodies.rateLimited.Content).error.code).toBe('rate_limited');
    const [[, association]] = resourcesOfType(api, 'AWS::WAFv2::WebACLAssociation') as [[string, CfnResourceJson]];
    // The stage's ARN names this API's deployment stage.
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain(logicalIdOf(refonte.api.api));
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain('/stages/');
    expect(JSON.stringify(association.Properties?.ResourceArn)).toContain(logicalIdOf(refonte.api.api.deploymentStage));
  });

  it('has one REQUEST authorizer on the Authorization header, cached 60 s', () => {
    Template.fromJSON(api).resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    Template.fromJSON(api).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 60,
    });
  });

  it('lets the authorizer read API-key lookup items (and move their last_used_at) only and know the pool, with no Cognito admin rights', () => {
    const resource = api.Resources[logicalIdOf(refonte.api.node.findChild('AuthorizerFunction'))]!;
    const actions = allowedActions(api, roleOfFunction(resource));
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    const [table] = statementsFor(api, roleOfFunction(resource)).filter((s) => toArray(s.Action).includes('dynamodb:GetItem'));
    expect(table!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APIKEY#*'] } });
    expect(JSON.stringify(table!.Resource)).not.toContain('/index/');
    expect(actions.filter((a) => a.startsWith('cognito-idp:'))).toEqual([]);
    expect(Object.keys(environmentOf(resource))).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID']),
    );
  });

  it('deploys the stage with X-Ray, access logs, error-only execution logs and default throttling', () => {
    Template.fromJSON(api).hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 1000,
          ThrottlingBurstLimit: 2000,
        }),
      ],
    });
  });

  it('passes the PDF invoice through as bytes (binary media types), and nothing textual', () => {
    Template.fromJSON(api).hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['application/pdf'] });
  });

  it.each(Object.entries(GATEWAY_RESPONSES))('answers %s with the contract error body', (type, expected) => {
    const matches = resourcesOfType(api, 'AWS::ApiGateway::GatewayResponse').filter(
      ([, response]) => response.Properties?.ResponseType === type,
    );
    expect(matches).toHaveLength(1);
    const response = matches[0]![1].Properties!;
    expect(response.StatusCode).toBe(expected.status);
    expect(response.ResponseParameters).toMatchObject({
      'gatewayresponse.header.x-request-id': 'context.requestId',
      'gatewayresponse.header.Content-Type': "'application/json'",
    });
    const body = JSON.parse(response.ResponseTemplates['application/json']);
    expect(body).toEqual({
      error: { code: expected.code ?? expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) },
      request_id: '$context.requestId',
    });
    if (['THROTTLED', 'AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR'].includes(type)) {
      expect(response.ResponseParameters['gatewayresponse.header.Retry-After']).toBe("'1'");
    }
  });

  it('has a support role, assumable by the account, that may only invoke /support/*', () => {
    const role = api.Resources[logicalIdOf(refonte.api.supportRole)]!;
    const principal = JSON.stringify(role.Properties?.AssumeRolePolicyDocument?.Statement?.[0]?.Principal);
    expect(principal).toMatch(/:root/);
    const statements = resourcesOfType(api, 'AWS::IAM::Policy')
      .filter(([, policy]) => policy.Properties?.Roles?.some((r: { Ref: string }) => r.Ref === logicalIdOf(refonte.api.supportRole)))
      .flatMap(([, policy]) => policy.Properties?.PolicyDocument?.Statement as Array<Record<string, any>>);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe('execute-api:Invoke');
    const parts = statements[0]!.Resource['Fn::Join'][1] as unknown[];
    expect(parts.at(-1)).toBe('/*/support/*');
  });

  it('outputs the API URL, user pool ids, support URL, support role, alarm topic and table name', () => {
    // ExportsOutput…: CDK's own cross-stack exports (the messaging stack's alarms notify the API stack's topic; CloudFront's /v1/* origin is the API).
    expect(Object.keys(api.Outputs ?? {}).filter((name) => !name.startsWith('ExportsOutput')).sort()).toEqual(
      ['AlarmTopicArn', 'ApiUrl', 'SupportApiUrl', 'SupportRoleArn', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
    const supportUrl = api.Outputs!.SupportApiUrl!.Value as { 'Fn::Join': [string, unknown[]] };
    expect(supportUrl['Fn::Join'][1].at(-1)).toBe('/support');
  });
});

describe('messaging stack', () => {
  /** The rule with this schedule, and the one function it targets. */
  function scheduled(expression: string): { rule: CfnResourceJson; fn: CfnResourceJson; template: CfnTemplate } {
    const messaging = templateOf(assembly, refonte.messaging);
    const rules = resourcesOfType(messaging, 'AWS::Events::Rule').filter(([, r]) => r.Properties?.ScheduleExpression === expression);
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1];
    const targets = resourcesOfType(messaging, 'AWS::Lambda::Function').filter(([id]) => JSON.stringify(rule.Properties?.Targets).includes(id));
    expect(targets).toHaveLength(1);
    return { rule, fn: targets[0]![1], template: messaging };
  }

  it('sweeps never-verified accounts every hour, with table and Cognito admin rights (to delete the identity)', () => {
    const { fn, template } = scheduled('rate(1 hour)');
    const actions = allowedActions(template, roleOfFunction(fn));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:Query', 'cognito-idp:AdminDeleteUser']));
  });

  it('closes the billing period monthly (the 1st, 00:15 UTC), retried, with table and email rights but no delete', () => {
    const { rule, fn, template } = scheduled('cron(15 0 1 * ? *)');
    expect(JSON.stringify(rule.Properties?.Targets)).toContain('"MaximumRetryAttempts":2');
    const actions = allowedActions(template, roleOfFunction(fn));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'ses:SendEmail']));
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });
});

describe('messaging stack: the outbox relay and the queue consumers', () => {
  const messaging = () => templateOf(assembly, refonte.messaging);
  const fnOf = (id: string) => messaging().Resources[logicalIdOf(refonte.messaging.consumers.get(id)!)]!;
  const mappingOf = (id: string) =>
    resourcesOfType(messaging(), 'AWS::Lambda::EventSourceMapping').find(([, m]) =>
      JSON.stringify(m.Properties?.FunctionName).includes(logicalIdOf(refonte.messaging.consumers.get(id)!)),
    )?.[1];

  it('gives the table a NEW_IMAGE stream', () => {
    const table = stateful.Resources[logicalIdOf(refonte.stateful.table)]!;
    expect(table.Properties?.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('relays only INSERTs of outbox items, bisecting failures, with partial batch responses and a failure queue', () => {
    const mapping = mappingOf(RELAY_OUTBOX.id)!;
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
    });
    const filters = (mapping.Properties?.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters.map((f) => JSON.parse(f.Pattern));
    expect(filters).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [{ prefix: PARTITION.outbox }] } } } }]);
    expect(JSON.stringify(mapping.Properties?.DestinationConfig)).toContain('OutboxRelayFailureQueue');
  });

  it.each(MESSAGING_FUNCTIONS.filter((fn) => fn.eventSource?.kind === 'sqs').map((fn) => [fn.id, fn] as const))(
    '%s consumes its queue with partial batch responses, and runs at most 1/6 of the visibility timeout',
    (id, definition) => {
      const source = definition.eventSource as Extract<typeof definition.eventSource, { kind: 'sqs' }>;
      const mapping = mappingOf(id)!;
      expect(mapping.Properties).toMatchObject({ BatchSize: source.batchSize, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      const queue = QUEUES.find((q) => q.name === source.queue)!;
      expect(fnOf(id).Properties?.Timeout).toBeLessThanOrEqual(queue.visibilityTimeoutSeconds / 6);
    },
  );

  it('lets the sender change its own queue’s visibility (its retries), the relay send to both queues, and nobody read the stream but the relay', () => {
    const actionsOf = (id: string) => allowedActions(messaging(), roleOfFunction(fnOf(id)));
    expect(actionsOf(SEND_CALLBACKS.id)).toEqual(expect.arrayContaining(['sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'dynamodb:PutItem']));
    expect(actionsOf(RELAY_OUTBOX.id)).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:GetRecords']));
    expect(actionsOf(RELAY_OUTBOX.id).filter((a) => a.startsWith('dynamodb:') && !/Stream|Records|ShardIterator/.test(a))).toEqual([]);
    for (const id of [SEND_CALLBACKS.id, COMPLETE_TEST_TASKS.id]) expect(actionsOf(id)).not.toContain('dynamodb:GetRecords');
  });

  it('never sets the local stack’s callback settings on a deployed function', () => {
    for (const id of MESSAGING_FUNCTIONS.map((fn) => fn.id)) {
      const variables = (fnOf(id).Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      expect(variables.CALLBACK_RETRY_SCALE).toBeUndefined();
      expect(variables.ALLOW_LOOPBACK_CALLBACKS).toBe('false');
    }
  });

  it('alarms on the consumers’ errors and on the relay’s failure queue', () => {
    const descriptions = [messaging(), api, ...apiTemplates].flatMap((t) =>
      resourcesOfType(t, 'AWS::CloudWatch::Alarm').map(([, alarm]) => String(alarm.Properties?.AlarmDescription)),
    );
    for (const id of MESSAGING_FUNCTIONS.map((fn) => fn.id)) {
      expect(descriptions.some((d) => d.includes(`${id.charAt(0).toUpperCase()}${id.slice(1)}Function failed`))).toBe(true);
    }
    expect(descriptions).toContain('Messages in the outbox-relay-failures dead-letter queue');
  });
});

describe('whole app', () => {
  it('keeps every stack and nested stack well under the 500-resource limit', () => {
    const templates = [stateful, templateOf(assembly, refonte.messaging), ...apiTemplates];
    for (const template of templates) expect(Object.keys(template.Resources ?? {}).length).toBeLessThan(400);
  });

  it('passed cdk-nag: no unacknowledged finding reached the validation report', () => {
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; violations: unknown[] }>;
    };
    for (const pluginReport of report.pluginReports) expect(pluginReport.violations, pluginReport.pluginName).toEqual([]);
  });

  it('gives every nag acknowledgement a specific reason', () => {
    const acknowledgements = refonte.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>)),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(60);
  });
});

describe('alarms', () => {
  const alarms = () => apiTemplates.flatMap((template) => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties!));
  const topicId = () => logicalIdOf(refonte.api.alarms.topic);

  it('notify one SNS topic, published as AlarmTopicArn', () => {
    expect(alarms().length).toBeGreaterThan(routeList.length * 2);
    for (const alarm of alarms()) {
      // In the API stack a Ref to the topic; in a nested stack, the parameter carrying it.
      expect(JSON.stringify(alarm.AlarmActions)).toMatch(new RegExp(topicId().slice(0, -8)));
    }
    expect(JSON.stringify(api.Outputs?.AlarmTopicArn?.Value)).toContain(topicId());
  });

  it('watch the API 5xx rate', () => {
    const [rate] = alarms().filter((a) => a.MetricName === '5XXError');
    expect(rate).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Average', Threshold: 0.01, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it.each(routeList.map((route) => [route.operationId] as const))('watch %s: its server errors by operation, and its throttles', (operationId) => {
    const serverErrors = alarms().filter(
      (a) => a.MetricName === 'ServerError' && a.Dimensions?.some((d: { Name: string; Value: string }) => d.Name === 'operation' && d.Value === operationId),
    );
    expect(serverErrors).toHaveLength(1);
    expect(serverErrors[0]).toMatchObject({ Namespace: 'RefonteAccounts', Statistic: 'Sum', Threshold: 1 });
    expect(serverErrors[0]!.Dimensions).toContainEqual({ Name: 'service', Value: 'refonte-accounts' });
    const fnId = logicalIdOf(functionOf(routeList.find((r) => r.operationId === operationId)!));
    const throttles = alarms().filter((a) => a.MetricName === 'Throttles' && JSON.stringify(a.Dimensions).includes(fnId));
    expect(throttles).toHaveLength(1);
  });

  it('watch the authorizer: its logged errors (a dependency down) and its throttles', () => {
    const filters = resourcesOfType(api, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties!);
    expect(filters).toContainEqual(
      expect.objectContaining({
        FilterPattern: '{ $.level = "ERROR" }',
        MetricTransformations: [expect.objectContaining({ MetricName: 'AuthorizerError', MetricNamespace: 'RefonteAccounts' })],
      }),
    );
    expect(alarms().filter((a) => a.MetricName === 'AuthorizerError')).toHaveLength(1);
    const authorizerId = logicalIdOf(refonte.api.node.findChild('AuthorizerFunction'));
    expect(alarms().filter((a) => a.MetricName === 'Throttles' && JSON.stringify(a.Dimensions).includes(authorizerId))).toHaveLength(1);
  });

  it.each(QUEUES.map((q) => [q.name] as const))('watch the %s dead-letter queue for any message', (name) => {
    const dlqId = logicalIdOf(refonte.stateful.deadLetterQueues[name as keyof typeof refonte.stateful.deadLetterQueues]);
    const depth = alarms().filter(
      (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(dlqId.slice(0, -8)),
    );
    expect(depth).toHaveLength(1);
    expect(depth[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
  });
});
