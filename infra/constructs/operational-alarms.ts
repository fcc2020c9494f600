import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The custom metrics' namespace and service dimension (set on every function by functionEnvironment). */
export const METRICS_NAMESPACE = 'RefonteAccounts';
export const METRICS_SERVICE = 'refonte-accounts';

/** Over five minutes, more than 1% of API requests answered 5xx. */
const API_5XX_RATE = 0.01;
const PERIOD = Duration.minutes(5);

/**
 * Every alarm the stage needs, all notifying one SNS topic (subscribe an
 * address or a pager to it): the API's 5xx rate, each operation's server
 * errors (the `ServerError` metric our http layer emits with an `operation`
 * dimension), the authorizer's errors (a dependency down), each function's
 * throttles, and any message in a dead-letter queue.
 *
 * A function's alarms live in the function's own (nested) stack, so the API
 * stack does not grow by two resources per route.
 */
export class OperationalAlarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Refonte Accounts alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and the ' +
        'notifications carry alarm names and states only — no customer data.',
    });
    this.action = new SnsAction(this.topic);
  }

  /** API Gateway's own 5XXError (Average = the share of requests) above 1%. */
  watchApi(api: RestApi): void {
    this.alarm(this, 'Api5xxRate', api.metricServerError({ statistic: 'Average', period: PERIOD }), {
      threshold: API_5XX_RATE,
      description: 'More than 1% of API requests answered 5xx over five minutes',
    });
  }

  /** An operation: any server error it answered, and any throttled invocation. */
  watchOperation(operationId: string, fn: IFunction): void {
    const scope = Stack.of(fn);
    const serverErrors = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'ServerError',
      dimensionsMap: { service: METRICS_SERVICE, operation: operationId },
      statistic: 'Sum',
      period: PERIOD,
    });
    this.alarm(scope, `${fn.node.id}ServerErrors`, serverErrors, { description: `${operationId} answered a 5xx` });
    this.watchThrottles(fn);
  }

  /**
   * The authorizer has no http layer: it logs a dependency failure as an
   * error (and API Gateway answers 503). A metric filter on its log group
   * turns each ERROR line into a count.
   */
  watchAuthorizer(fn: IFunction, logGroup: ILogGroup): void {
    const filter = new MetricFilter(this, 'AuthorizerErrorFilter', {
      logGroup,
      filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'AuthorizerError',
      metricValue: '1',
    });
    this.alarm(this, 'AuthorizerErrors', filter.metric({ statistic: 'Sum', period: PERIOD }), {
      description: 'The authorizer could not authenticate (signing keys or table unavailable)',
    });
    this.watchThrottles(fn);
  }

  /** Any message in a dead-letter queue is work that failed for good: someone must look. */
  watchDeadLetterQueue(name: string, queue: IQueue): void {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) });
    this.alarm(this, `${name}DeadLetters`, depth, { description: `Messages in the ${name} dead-letter queue` });
  }

  /** A queue or stream consumer: any invocation that failed as a whole (a bug or a dependency down), and throttles. */
  watchConsumer(fn: IFunction): void {
    this.alarm(Stack.of(fn), `${fn.node.id}Errors`, fn.metricErrors({ statistic: 'Sum', period: PERIOD }), {
      description: `${fn.node.id} failed whole invocations`,
    });
    this.watchThrottles(fn);
  }

  private watchThrottles(fn: IFunction): void {
    this.alarm(Stack.of(fn), `${fn.node.id}Throttles`, fn.metricThrottles({ statistic: 'Sum', period: PERIOD }), {
      description: `${fn.node.id} was throttled (account or reserved concurrency exhausted)`,
    });
  }

  private alarm(scope: Construct, id: string, metric: IMetric, opts: { threshold?: number; description: string }): Alarm {
    const alarm = new Alarm(scope, `${id}Alarm`, {
      metric,
      threshold: opts.threshold ?? 1,
      comparisonOperator:
        opts.threshold === undefined ? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD : ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No data means nothing happened: no errors, no throttles, an empty queue.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: opts.description,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
