import { setTimeout as delay } from 'node:timers/promises';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { EventSourceDefinition } from '../../infra/definitions/functions';
import type { PollerTarget } from './queue-poller';

type StreamSource = Extract<EventSourceDefinition, { kind: 'table-stream' }>;

/** How often an idle shard is read again (DynamoDB Streams' own mappings poll about 4 times a second). */
const IDLE_MS = 250;

/** The CDK mapping's filter (INSERT, partition key prefix), applied to a record. */
export function passesFilter(record: StreamRecord, source: StreamSource): boolean {
  return record.eventName === 'INSERT' && (record.dynamodb?.Keys?.PK?.S ?? '').startsWith(source.insertsWithPrefix);
}

/** A stream record in the shape Lambda hands a function (dates as epoch seconds). */
export function lambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...rest } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(rest as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}

/**
 * The local twin of the relay's DynamoDB-stream event source mapping: reads
 * DynamoDB Local's stream shard by shard, keeps the records the CDK filter
 * would pass, invokes the function with batches of them, and on reported
 * item failures retries from the first failed record (`retryAttempts`
 * times, then reports it as the mapping would send it to its failure
 * queue). Shards open when it starts are read from their latest record;
 * shards that appear later from their beginning.
 */
export async function startStreamPoller(opts: {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  source: StreamSource;
  target: PollerTarget;
}): Promise<{ stop(): Promise<void> }> {
  let stopping = false;
  const iterators = new Map<string, string | null>();

  async function discoverShards(initial: boolean): Promise<void> {
    const { StreamDescription } = await opts.streams.send(new DescribeStreamCommand({ StreamArn: opts.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id)) continue;
      const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
      const { ShardIterator } = await opts.streams.send(
        new GetShardIteratorCommand({
          StreamArn: opts.streamArn,
          ShardId: id,
          ShardIteratorType: initial && open ? 'LATEST' : 'TRIM_HORIZON',
        }),
      );
      iterators.set(id, ShardIterator ?? null);
    }
  }

  async function deliver(records: DynamoDBRecord[]): Promise<void> {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedFrom: number;
      try {
        const result = (await opts.target.invoke({ Records: pending } satisfies DynamoDBStreamEvent)) as DynamoDBBatchResponse | undefined;
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failedFrom = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        process.stderr.write(`stream poller: ${opts.target.functionId} failed: ${(error as Error).message}\n`);
        failedFrom = 0;
      }
      if (failedFrom < 0) return;
      if (attempt >= opts.source.retryAttempts) {
        process.stderr.write(`stream poller: ${pending.length - failedFrom} record(s) given up (the failure queue's, in AWS)\n`);
        return;
      }
      pending = pending.slice(failedFrom);
    }
  }

  async function readShards(): Promise<boolean> {
    let any = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const { Records, NextShardIterator } = await opts.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      iterators.set(shardId, NextShardIterator ?? null);
      const wanted = (Records ?? []).filter((r) => passesFilter(r, opts.source)).map((r) => lambdaRecord(r, opts.streamArn));
      for (let i = 0; i < wanted.length; i += opts.source.batchSize) await deliver(wanted.slice(i, i + opts.source.batchSize));
      any ||= (Records?.length ?? 0) > 0;
    }
    return any;
  }

  // Before the stack reports ready, so no outbox item written after that is missed. A table
  // that cannot be reached yet (or ever, in the tests of a database down) is retried by the loop,
  // as AWS's event source mapping would: it never stops the dev server.
  let discovered = false;
  try {
    await discoverShards(true);
    discovered = true;
  } catch (error) {
    process.stderr.write(`stream poller: ${(error as Error).message} (retrying)\n`);
  }
  const running = (async () => {
    let sinceDiscovery = 0;
    while (!stopping) {
      try {
        // New shards appear as DynamoDB Local rolls them over: look again every few seconds.
        if (!discovered || sinceDiscovery > 20) {
          await discoverShards(!discovered);
          discovered = true;
          sinceDiscovery = 0;
        }
        sinceDiscovery++;
        if (!(await readShards())) await delay(IDLE_MS);
      } catch (error) {
        if (stopping) return;
        process.stderr.write(`stream poller: ${(error as Error).message}\n`);
        await delay(500);
      }
    }
  })();

  return {
    async stop() {
      stopping = true;
      await running;
    },
  };
}
