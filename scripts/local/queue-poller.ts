import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { setTimeout as delay } from 'node:timers/promises';
import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import type { EventSourceDefinition } from '../../infra/definitions/functions';

type SqsSource = Extract<EventSourceDefinition, { kind: 'sqs' }>;

export interface PollerTarget {
  functionId: string;
  invoke(event: unknown): Promise<unknown>;
}

/** Long polling, as the mapping does: few requests to the emulator while idle; a stop aborts the wait. */
const WAIT_SECONDS = 10;

function queueArn(queueUrl: string): string {
  const name = new URL(queueUrl).pathname.split('/').at(-1)!;
  return `arn:aws:sqs:us-east-1:000000000000:${name}`;
}

export function sqsEvent(queueUrl: string, messages: Message[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn(queueUrl),
      awsRegion: 'us-east-1',
    })),
  };
}

/**
 * The local twin of an SQS event source mapping with
 * `reportBatchItemFailures`: up to `maxConcurrency` pollers (bounded by the
 * function's local containers) long-poll the queue for batches, invoke the
 * function, delete the messages it did not report as failures, and leave
 * the failures to their visibility timeout (which the function may have
 * changed). A function error leaves the whole batch, as Lambda does.
 */
export function startQueuePoller(opts: { sqs: SQSClient; queueUrl: string; source: SqsSource; target: PollerTarget; pollers: number }): { stop(): Promise<void> } {
  let stopping = false;
  const abort = new AbortController();
  async function pollOnce(): Promise<void> {
    const { Messages } = await opts.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: opts.queueUrl,
        MaxNumberOfMessages: Math.min(opts.source.batchSize, 10),
        WaitTimeSeconds: WAIT_SECONDS,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    if (!Messages?.length) return;
    let failed: Set<string>;
    try {
      const result = (await opts.target.invoke(sqsEvent(opts.queueUrl, Messages))) as SQSBatchResponse | undefined;
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      process.stderr.write(`queue poller: ${opts.target.functionId} failed: ${(error as Error).message}\n`);
      return;
    }
    const done = Messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length) {
      await opts.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: opts.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }
  async function loop(): Promise<void> {
    while (!stopping) {
      await pollOnce().catch(async (error: Error) => {
        if (stopping) return;
        process.stderr.write(`queue poller: ${opts.queueUrl}: ${error.message}\n`);
        await delay(500); // an emulator hiccup: do not spin
      });
    }
  }
  const loops = Array.from({ length: opts.pollers }, loop);
  return {
    async stop() {
      stopping = true;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
