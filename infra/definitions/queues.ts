import type { QueueName } from '../../shared/http/route';

export interface QueueDefinition {
  name: QueueName;
  /** Env var through which functions learn the queue URL. */
  urlEnv: string;
  visibilityTimeoutSeconds: number;
  deliveryDelaySeconds: number;
  /** Receives before a message goes to the queue's DLQ. */
  maxReceiveCount: number;
  retentionDays: number;
}

/**
 * Queues and their dead-letter queues, shared by the stateful stack and the
 * local bootstrap. Consumers' function timeouts must stay ≤ 1/6 of the
 * visibility timeout (checked by an infra test).
 */
export const QUEUES: readonly QueueDefinition[] = [
  {
    // Callback deliveries: the sender resets visibility to the next backoff
    // delay on failure, so retries need no scheduler; 20 attempts ≈ 24 h.
    name: 'callbacks',
    urlEnv: 'CALLBACK_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    deliveryDelaySeconds: 0,
    maxReceiveCount: 20,
    retentionDays: 4,
  },
  {
    // Test tasks complete themselves a few seconds after creation.
    name: 'test-tasks',
    urlEnv: 'TEST_TASK_QUEUE_URL',
    visibilityTimeoutSeconds: 180,
    deliveryDelaySeconds: 3,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
];
