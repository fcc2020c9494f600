import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
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
 * None of their handlers exists yet, so the stack is deliberately empty
 * rather than holding invented functions: it already receives the queues,
 * table and sender through props, so adding a consumer is local to this
 * file. An empty stack synthesizes fine and `cdk deploy` skips it.
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
  }
}
