import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { OperationFunction } from '../constructs/operation-function';
import { CLOSE_BILLING_PERIOD, SWEEP_UNVERIFIED_ACCOUNTS, type FunctionDefinition } from '../definitions/functions';
import type { StageConfig } from '../config';
import type { StatefulResources } from './stateful-stack';

export interface MessagingStackProps extends StackProps {
  readonly config: StageConfig;
  readonly stateful: StatefulResources;
}

/**
 * Asynchronous work: the callback sender (fed by the callbacks queue), the
 * test-task completer (fed by the test-tasks delay queue) and the monthly
 * billing-period schedule.
 *
 * It also runs the hourly sweep of never-verified accounts. The queue
 * consumers' handlers do not exist yet: the stack already receives the
 * queues, table and sender through props, so adding one is local to this file.
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

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.config = props.config;
    this.stateful = props.stateful;
    this.sweepFunction = this.scheduleUnverifiedSweep();
    this.closeBillingPeriodFunction = this.scheduleBillingPeriodClose();
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
    const fn = new OperationFunction(this, `${name}Function`, {
      entry: fileURLToPath(new URL(`../../functions/${definition.handler}.ts`, import.meta.url)),
      definition,
      resources: this.stateful,
      config: this.config,
    });
    new Rule(this, `${name}${cadence}`, { ...rule, targets: [new LambdaFunction(fn, { retryAttempts: 2 })] });
    return fn;
  }
}
