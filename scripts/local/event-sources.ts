import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { MESSAGING_FUNCTIONS, type FunctionDefinition } from '../../infra/definitions/functions';
import type { FunctionHost } from './function-host';
import type { LocalFunctionConfig } from './function-env';
import { startQueuePoller } from './queue-poller';
import { startStreamPoller } from './stream-poller';

/** Concurrent polls per queue at most: the function host runs four containers per function. */
const MAX_LOCAL_POLLERS = 4;

/** Concurrent invocations a function's local mapping makes: its queue pollers, or the stream's one reader. */
function concurrencyOf(fn: FunctionDefinition): number {
  return fn.eventSource?.kind === 'sqs' ? Math.min(fn.eventSource.maxConcurrency, MAX_LOCAL_POLLERS) : 1;
}

/**
 * The local stack's event source mappings: one poller per messaging
 * function, built from the same `eventSource` definitions as the CDK's
 * mappings, invoking the functions in their own containers (so each keeps
 * exactly its own environment and grants). Stopped before the host.
 */
export async function startEventSources(host: FunctionHost, config: LocalFunctionConfig): Promise<{ stop(): Promise<void> }> {
  const common = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const sqs = new SQSClient({ ...common, endpoint: config.endpoints.aws });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint: config.endpoints.dynamodb });
  const pollers: Array<{ stop(): Promise<void> }> = [];
  // Warm every container the pollers will use (an empty batch loads the handler): on a busy laptop a
  // cold container takes seconds, which would otherwise land on the first test task or callback.
  await Promise.all(
    MESSAGING_FUNCTIONS.flatMap((fn) =>
      Array.from({ length: concurrencyOf(fn) }, () => host.invoke(fn.id, { Records: [] }, `warm-up-${randomUUID()}`).catch(() => undefined)),
    ),
  );
  for (const fn of MESSAGING_FUNCTIONS) {
    const source = fn.eventSource;
    const target = { functionId: fn.id, invoke: (event: unknown) => host.invoke(fn.id, event, randomUUID()) };
    if (source?.kind === 'sqs') {
      const queueUrl = config.resources.queueUrls[source.queue]!;
      pollers.push(startQueuePoller({ sqs, queueUrl, source, target, pollers: concurrencyOf(fn) }));
    } else if (source?.kind === 'table-stream') {
      pollers.push(await startStreamPoller({ streams, streamArn: config.resources.tableStreamArn, source, target }));
    }
  }
  return {
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
      sqs.destroy();
      streams.destroy();
    },
  };
}
