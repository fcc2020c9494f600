import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { OperationFunction } from '../constructs/operation-function';
import { CLOSE_BILLING_PERIOD, MESSAGING_FUNCTIONS, SWEEP_UNVERIFIED_ACCOUNTS, type FunctionDefinition } from '../definitions/functions';
import type { OperationalAlarms } from '../constructs/operational-alarms';
import { pascalCase } from '../construct-ids';
import type { StageConfig } from '../config';
import type { StatefulResources } from './stateful-stack';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The stage's alarms (in the API stack): the consumers' errors and throttles notify the same topic. */
  readonly alarms?: OperationalAlarms;
}

/**
 * Asynchronous work: the outbox relay (fed by the table's stream), the
 * callback sender (fed by the callbacks queue), the test-task completer (fed
 * by the test-tasks delay queue), and the hourly sweep of never-verified
 * accounts. Each consumer's event source is built from its definition's
 * `eventSource`, which the local stack's pollers play too.
 *
 * The SES sender identity stays in the stateful stack: the API's functions
 * already send email through it, and its verification state (a mailed link
 * or DKIM records) should not be tied to the lifecycle of these consumers.
 */
export class MessagingStack extends Stack {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
  /** The hourly sweep of never-verified accounts. */
  readonly sweepFunction: OperationFunction;
  /** The monthly close of the billing period (issue 11). */
  readonly closeBillingPeriodFunction: OperationFunction;
  /** The relay and the queue consumers, by definition id. */
  readonly consumers = new Map<string, OperationFunction>();

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.config = props.config;
    this.stateful = props.stateful;
    this.sweepFunction = this.scheduleUnverifiedSweep();
    this.closeBillingPeriodFunction = this.scheduleBillingPeriodClose();
    for (const definition of MESSAGING_FUNCTIONS) {
      const fn = this.consumer(definition);
      this.consumers.set(definition.id, fn);
      props.alarms?.watchConsumer(fn);
    }
  }

  /**
   * Monthly, early on the 1st (UTC): invoices every team for the month
   * before. Idempotent per team and period, so EventBridge's retries (or a
   * support run of the same period) issue nothing twice.
   */
  private scheduleBillingPeriodClose(): OperationFunction {
    return this.scheduled(CLOSE_BILLING_PERIOD, 'CloseBillingPeriod', 'Monthly', {
      description: 'Invoices every team for the month before',
      schedule: Schedule.cron({ day: '1', hour: '0', minute: '15' }),
    });
  }

  private functionFor(id: string, definition: FunctionDefinition): OperationFunction {
    return new OperationFunction(this, id, {
      entry: fileURLToPath(new URL(`../../functions/${definition.handler}.ts`, import.meta.url)),
      definition,
      resources: this.stateful,
      config: this.config,
    });
  }

  /** A function and the event source mapping its definition describes (which grants the mapping's own rights). */
  private consumer(definition: FunctionDefinition): OperationFunction {
    const fn = this.functionFor(`${pascalCase(definition.id)}Function`, definition);
    const source = definition.eventSource;
    if (source?.kind === 'sqs') {
      fn.addEventSource(
        new SqsEventSource(this.stateful.queues[source.queue], {
          batchSize: source.batchSize,
          maxConcurrency: source.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    } else if (source?.kind === 'table-stream') {
      fn.addEventSource(
        new DynamoEventSource(this.stateful.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: source.batchSize,
          bisectBatchOnError: true,
          retryAttempts: source.retryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.stateful.relayFailureQueue),
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: { Keys: { PK: { S: FilterRule.beginsWith(source.insertsWithPrefix) } } },
            }),
          ],
        }),
      );
    } else {
      throw new Error(`${definition.id} has no event source`);
    }
    return fn;
  }

  /** Hourly, a bounded batch: accounts that never verified their address are deleted 7 days after sign-up (with their Cognito identity). */
  private scheduleUnverifiedSweep(): OperationFunction {
    return this.scheduled(SWEEP_UNVERIFIED_ACCOUNTS, 'SweepUnverifiedAccounts', 'Hourly', {
      description: 'Deletes never-verified accounts 7 days after sign-up',
      schedule: Schedule.rate(Duration.hours(1)),
    });
  }

  /** A function run by an EventBridge rule (construct ids `<name>Function`, `<name><cadence>`: stable, never renamed). */
  private scheduled(
    definition: FunctionDefinition,
    name: string,
    cadence: string,
    rule: { description: string; schedule: Schedule },
  ): OperationFunction {
    const fn = this.functionFor(`${name}Function`, definition);
    new Rule(this, `${name}${cadence}`, { ...rule, targets: [new LambdaFunction(fn, { retryAttempts: 2 })] });
    return fn;
  }
}
