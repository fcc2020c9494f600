import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../definitions/queues';

/**
 * A queue from `infra/definitions/queues.ts` and its own dead-letter queue,
 * both encrypted (SSE-SQS) and refusing non-TLS requests.
 */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, definition: QueueDefinition) {
    super(scope, id);

    // SSE-SQS rather than a customer key: no key policy or kms:* grants to
    // keep in step with every producer and consumer, and nag's SQS2 is met.
    const common = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      ...common,
      // A standard queue keeps a message's original enqueue time when it is
      // moved to the DLQ, so the DLQ must retain longer than the source or
      // exhausted messages expire before anyone can look at them.
      retentionPeriod: Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      deliveryDelay: Duration.seconds(definition.deliveryDelaySeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
  }
}
