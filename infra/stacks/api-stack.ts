import path from 'node:path';
import { CfnOutput, Duration, NestedStack, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import {
  AuthorizationType,
  EndpointType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestAuthorizer,
  RestApi,
  type Method,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { AccountRootPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { binaryResponseMediaTypes, type RouteDefinition } from '../../shared/http/route';
import { ACCESS_LOG_FORMAT } from '../api/access-log-format';
import type { StageConfig } from '../config';
import { pascalCase } from '../construct-ids';
import { ApiRateGuard } from '../constructs/api-rate-guard';
import { ContractGatewayResponses } from '../constructs/contract-gateway-responses';
import { OperationFunction } from '../constructs/operation-function';
import { OperationalAlarms } from '../constructs/operational-alarms';
import { AUTHORIZER, AUTHORIZER_CACHE_TTL_SECONDS, routeFunction } from '../definitions/functions';
import { acknowledgeWildcards } from '../nag/acknowledge-wildcards';
import type { StatefulResources } from './stateful-stack';

export interface ApiStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The route table (`routeList` from functions/routes.ts). */
  readonly routes: readonly RouteDefinition[];
  /** Directory of the handler modules: `<handler>.ts` and `authorizer.ts`. */
  readonly functionsDir: string;
}

/** Everything under /support is the IAM-authorised support surface. */
const SUPPORT_PATH = '/support';

/**
 * The REST API: one Lambda function and one method per route of the route
 * table, one REQUEST authorizer for users and API keys, IAM for support.
 *
 * Each route brings ~6 resources (function, role, policy, log group,
 * permission, method); at ~50 routes one stack would near CloudFormation's
 * 500-resource limit. Functions therefore live in one nested stack per area
 * (the route's first tag), while the API, its methods and invoke
 * permissions stay here. Moving a route to another area replaces its
 * function, since its construct path changes.
 */
export class ApiStack extends Stack {
  readonly api: RestApi;
  readonly authorizer: RequestAuthorizer;
  readonly supportRole: Role;
  /** Each route's function, by operationId. */
  readonly operationFunctions: ReadonlyMap<string, OperationFunction>;
  readonly alarms: OperationalAlarms;

  private readonly props: ApiStackProps;
  private readonly areaStacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.props = props;

    this.api = this.createRestApi();
    new ContractGatewayResponses(this, 'GatewayResponses', this.api);
    this.alarms = new OperationalAlarms(this, 'Alarms');
    this.alarms.watchApi(this.api);
    this.authorizer = this.createAuthorizer();
    this.operationFunctions = new Map(props.routes.map((route) => [route.operationId, this.addRoute(route)]));
    for (const [operationId, fn] of this.operationFunctions) this.alarms.watchOperation(operationId, fn);
    for (const [name, queue] of Object.entries(props.stateful.deadLetterQueues)) this.alarms.watchDeadLetterQueue(name, queue);
    this.alarms.watchDeadLetterQueue('outbox-relay-failures', props.stateful.relayFailureQueue);
    this.supportRole = this.createSupportRole();
    this.addOutputs();
  }

  private createRestApi(): RestApi {
    const { stage, throttle } = this.props.config;
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      // Unlike function logs, this is the stage's one record of who called
      // what; keep it through a teardown for investigations.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const api = new RestApi(this, 'RestApi', {
      restApiName: this.stackName,
      description: `Refonte Accounts API (${stage})`,
      endpointTypes: [EndpointType.REGIONAL],
      // A Lambda's base64 body (isBase64Encoded) reaches the client as bytes
      // only for these types, when the request's Accept names one; JSON and
      // HTML stay text.
      binaryMediaTypes: binaryResponseMediaTypes(this.props.routes),
      // Execution logs (APIG6) need the account-level CloudWatch role. It is
      // shared by every REST API in the account and region, so it outlives
      // this stack rather than silently breaking other APIs' logging.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: stage,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        // Errors only, and never request/response bodies: they carry
        // passwords, tokens and API keys.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      },
    });
    // API Gateway would create the execution log group itself, on first
    // error, with no retention; own it so it expires like the others.
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${api.restApiId}/${stage}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    api.deploymentStage.node.addDependency(executionLogs);

    // ApiUrl (below) is the one URL output; drop CDK's duplicate `Endpoint`.
    api.node.tryRemoveChild('Endpoint');

    new ApiRateGuard(this, 'RateGuard', {
      stage: api.deploymentStage,
      requestsPer5Minutes: this.props.config.wafRateLimit.per5Minutes,
      edgeSecret: this.props.stateful.edgeSecret,
    });
    this.acknowledgeApiFindings(api);
    return api;
  }

  /** What AwsSolutions flags on the API itself, and why each is as intended. */
  private acknowledgeApiFindings(api: RestApi): void {
    Validations.of(api).acknowledge(
      {
        id: 'AwsSolutions-APIG2',
        reason:
          "Requests are validated in Lambda with each operation's zod schema (shared/http), which " +
          "answers the contract's 400 validation_failed body with details; an API Gateway model " +
          'would duplicate the schema and answer with a different body.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Users and API keys are authenticated by one Lambda REQUEST authorizer (Cognito JWT or ' +
          'SHA-256 key lookup), which a Cognito authorizer cannot do; /support uses IAM and the ' +
          'public routes are public by contract.',
      },
    );
    Validations.of(api.node.findChild('CloudWatchRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-level logging role: the AWS-managed policy is the documented one and " +
        'tracks the log actions API Gateway needs.',
    });
  }

  /**
   * One authorizer for users and API keys. API Gateway caches its answer per
   * Authorization header for 60 s: that bounds how long a deleted API key
   * keeps working (the contract's revocation bound). Roles are not cached:
   * handlers read the caller's membership on every request.
   */
  private createAuthorizer(): RequestAuthorizer {
    const { stateful, config, functionsDir } = this.props;
    const handler = new OperationFunction(this, 'AuthorizerFunction', {
      entry: path.join(functionsDir, `${AUTHORIZER.handler}.ts`),
      definition: AUTHORIZER,
      resources: stateful,
      config,
    });
    this.alarms.watchAuthorizer(handler, handler.logGroup);
    return new RequestAuthorizer(this, 'Authorizer', {
      handler,
      identitySources: [IdentitySource.header('Authorization')],
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
    });
  }

  private addRoute(route: RouteDefinition): OperationFunction {
    const { stateful, config, functionsDir } = this.props;
    const handler = new OperationFunction(this.areaStack(route), `${pascalCase(route.operationId)}Function`, {
      entry: path.join(functionsDir, `${route.handler}.ts`),
      definition: routeFunction(route),
      resources: stateful,
      config,
    });
    const method = this.api.root
      .resourceForPath(route.path)
      .addMethod(
        route.method,
        // The console's test-invoke permission would double the permissions
        // in this stack for a feature production does not use.
        new LambdaIntegration(handler, { allowTestInvoke: false }),
        { operationName: route.operationId, ...this.methodAuth(route) },
      );
    if (route.auth === 'public') this.acknowledgePublic(method, route);
    return handler;
  }

  private methodAuth(route: RouteDefinition): MethodOptions {
    switch (route.auth) {
      case 'public':
        return { authorizationType: AuthorizationType.NONE };
      case 'user':
      case 'user_or_key':
        return { authorizationType: AuthorizationType.CUSTOM, authorizer: this.authorizer };
      case 'support':
        if (!route.path.startsWith(`${SUPPORT_PATH}/`)) {
          throw new Error(`Support route ${route.operationId} must live under ${SUPPORT_PATH}/`);
        }
        return { authorizationType: AuthorizationType.IAM };
    }
  }

  private acknowledgePublic(method: Method, route: RouteDefinition): void {
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: `${route.method} ${route.path} (${route.operationId}) is public by contract: ${route.summary}.`,
    });
  }

  /** The nested stack holding the functions of the route's area (its first tag). */
  private areaStack(route: RouteDefinition): NestedStack {
    const area = route.tags[0];
    if (!area) throw new Error(`Route ${route.operationId} has no tag: its first tag names its area`);
    let stack = this.areaStacks.get(area);
    if (!stack) {
      stack = new NestedStack(this, `${pascalCase(area)}Functions`, {
        description: `Refonte Accounts: ${area} operation functions`,
      });
      this.areaStacks.set(area, stack);
    }
    return stack;
  }

  /**
   * Support staff assume this role and sign requests with it (SigV4). It may
   * invoke the /support methods of this stage and nothing else; who may
   * assume it is decided by IAM policies in the account.
   */
  private createSupportRole(): Role {
    const role = new Role(this, 'SupportRole', {
      assumedBy: new AccountRootPrincipal(),
      description: `Refonte support: may invoke ${SUPPORT_PATH}/* on the ${this.props.config.stage} API only`,
      maxSessionDuration: Duration.hours(1),
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['execute-api:Invoke'],
        resources: [this.api.arnForExecuteApi('*', `${SUPPORT_PATH}/*`, this.api.deploymentStage.stageName)],
      }),
    );
    acknowledgeWildcards(role, {
      finding: /\/\*\/support\/\*$/,
      reason:
        'Any method on any path under /support of this one API stage: the support surface grows ' +
        'with the route table and every route under it is for support staff.',
    });
    return role;
  }

  private addOutputs(): void {
    const { stateful } = this.props;
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the API stage' });
    new CfnOutput(this, 'SupportApiUrl', {
      value: this.api.urlForPath(SUPPORT_PATH),
      description: 'Base URL of the IAM-authorised support surface',
    });
    new CfnOutput(this, 'SupportRoleArn', {
      value: this.supportRole.roleArn,
      description: 'Role support staff assume to call the support surface',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'SNS topic every alarm of this stage notifies: subscribe an address or a pager',
    });
    new CfnOutput(this, 'UserPoolId', { value: stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: stateful.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', {
      value: stateful.table.tableName,
      description: 'The single table: what one-off migrations (npm run migrate -- <name> --table …) are pointed at',
    });
  }
}
