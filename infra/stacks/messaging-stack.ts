import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { OperationFunction } from '../constructs/operation-function';
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

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.config = props.config;
    this.stateful = props.stateful;
    this.scheduleUnverifiedSweep();
  }

  /** Hourly, a bounded batch: accounts that never verified their address are deleted 7 days after sign-up (with their Cognito identity). */
  private scheduleUnverifiedSweep(): void {
    const sweep = new OperationFunction(this, 'SweepUnverifiedAccountsFunction', {
      entry: fileURLToPath(new URL('../../functions/maintenance/sweep-unverified-accounts.ts', import.meta.url)),
      description: 'Hourly: delete accounts never verified 7 days after sign-up',
      grants: { table: 'write', userPool: true },
      resources: this.stateful,
      config: this.config,
    });
    new Rule(this, 'SweepUnverifiedAccountsHourly', {
      description: 'Deletes never-verified accounts 7 days after sign-up',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(sweep, { retryAttempts: 2 })],
    });
  }
}
