import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse } from 'aws-lambda';
import { FunctionHost } from '../scripts/local/function-host';
import { localFunctions, type LocalFunctionConfig } from '../scripts/local/function-env';
import { sqsEvent } from '../scripts/local/queue-poller';
import { SEND_CALLBACKS } from '../infra/definitions/functions';
import { CALLBACKS_IN_FLIGHT_PER_RECEIVER } from '../shared/domain/receiver-fairness';

/**
 * Callback sender throughput: N callbacks delivered through the real
 * sender (the SQS handler of functions/callbacks/send-callbacks.ts, with
 * its own environment in the local stack's function containers — one
 * invocation at a time each, as Lambda runs them — given one-record events,
 * so its reads, signing, POST and writes all happen) against a raw POST loop — bare
 * `fetch` of the same body to the same loopback receiver — at the same
 * concurrency, interleaved round by round. The concurrency is the
 * per-receiver cap: the sender never has more in flight to one receiver,
 * so the raw loop gets no more either.
 */
export const SENDER_ROUNDS = Number(process.env.BENCH_SENDER_ROUNDS ?? 10);
export const SENDER_CALLBACKS = Number(process.env.BENCH_SENDER_CALLBACKS ?? 200);
const CONCURRENCY = CALLBACKS_IN_FLIGHT_PER_RECEIVER;
/** Records per event, as the event source mapping batches them. */
const BATCH_SIZE = SEND_CALLBACKS.eventSource?.kind === 'sqs' ? SEND_CALLBACKS.eventSource.batchSize : 1;
/** Sender invocations at once, as that many of the mapping's pollers would run them on a backlog. */
const INVOCATIONS = Number(process.env.BENCH_SENDER_INVOCATIONS ?? 2);

interface Receiver {
  url: string;
  received: number;
  lastBody: string;
  close(): void;
}

/** A customer's receiver on loopback: answers 200 after `latencyMs` (what its own handling costs), counting requests. */
async function startReceiver(latencyMs: number): Promise<Receiver> {
  const state = { received: 0, lastBody: '' };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.received++;
      state.lastBody = body;
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    get received() {
      return state.received;
    },
    get lastBody() {
      return state.lastBody;
    },
    close: () => server.close(),
  };
}

/**
 * Runs `job(0…jobs-1)` with at most `concurrency` in flight, then waits until
 * the receiver has all `n` requests; resolves with the elapsed
 * milliseconds. A callback the sender deferred (receiver busy: re-queued,
 * sent a few seconds later by the stack's own sender) counts when it
 * arrives, so a deferral costs what it costs.
 */
async function timedPool(receiver: Receiver, n: number, concurrency: number, job: (i: number) => Promise<void>, jobs = n): Promise<number> {
  const before = receiver.received;
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) await job(next++);
    }),
  );
  const deadline = Date.now() + 120_000;
  while (receiver.received - before < n) {
    if (Date.now() > deadline) throw new Error(`the receiver got ${receiver.received - before} of ${n} callbacks`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * One completed live task per callback of a round, created and completed
 * through the API (the team has no callback URL: completing them sends
 * nothing), so each callback reads and settles its own task.
 */
export async function completedTasks(api: string, headers: Record<string, string>, supportToken: string): Promise<string[]> {
  const support = { ...headers, authorization: `Bearer ${supportToken}` };
  const ids: string[] = [];
  for (let i = 0; i < SENDER_CALLBACKS; i++) {
    const created = await fetch(`${api}/v1/tasks`, { method: 'POST', headers, body: JSON.stringify({ type: 'categorization', params: { text: `bench ${i}` } }) });
    if (created.status !== 201) throw new Error(`creating a bench task answered ${created.status}`);
    const { id } = (await created.json()) as { id: string };
    const completed = await fetch(`${api}/support/tasks/${id}/complete`, { method: 'POST', headers: support, body: JSON.stringify({ response: { label: 'cat' } }) });
    if (completed.status !== 200) throw new Error(`completing a bench task answered ${completed.status}`);
    ids.push(id);
  }
  return ids;
}

export interface SenderBenchInput {
  /** The local stack's function configuration: the sender runs as the dev server runs it. */
  functionConfig: LocalFunctionConfig;
  /** Completed live tasks of `teamId`, one per callback of a round (each callback's body is its own task's, read for its attempt). */
  taskIds: readonly string[];
  teamId: string;
  callbackQueueUrl: string;
}

export interface SenderProfile {
  latencyMs: number;
  callbacks: number;
  /** Callbacks per second, median over rounds. */
  senderPerSecond: number;
  rawPerSecond: number;
  /** Median of each round's sender/raw throughput ratio. */
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCallbackSender(input: SenderBenchInput, latenciesMs: readonly number[]): Promise<SenderProfile[]> {
  // Its own containers, not the dev server's: concurrent invocations must not share one handler's module state.
  const host = new FunctionHost(localFunctions(input.functionConfig));
  let sequence = 0;
  const profiles: SenderProfile[] = [];
  for (const latencyMs of latenciesMs) {
    const receiver = await startReceiver(latencyMs);
    try {
      const viaSender = async () => {
        const records = Array.from({ length: BATCH_SIZE }, () => {
          const n = sequence++;
          const id = `bench-${n}`;
          const taskId = input.taskIds[n % input.taskIds.length]!;
          const body = JSON.stringify({ delivery_id: `msg_${id}`, team_id: input.teamId, task_id: taskId, url: receiver.url, environment: 'live' });
          return { MessageId: id, ReceiptHandle: id, Body: body, Attributes: { ApproximateReceiveCount: '1' } };
        });
        const event = sqsEvent(input.callbackQueueUrl, records);
        const result = await host.invoke<SQSBatchResponse>(SEND_CALLBACKS.id, event, records[0]!.MessageId);
        // A failure would be a retry: not a delivery.
        if (result.batchItemFailures.length > 0) throw new Error(`sender reported ${result.batchItemFailures.length} failed attempts`);
      };
      const senderPool = (n: number) => timedPool(receiver, n, INVOCATIONS, viaSender, Math.ceil(n / BATCH_SIZE));
      const viaRawPost = async () => {
        const res = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: receiver.lastBody });
        if (res.status !== 200) throw new Error(`raw POST answered ${res.status}`);
        await res.arrayBuffer();
      };
      // Warm up both (the handler's first call loads keys and opens connections), and give the raw loop the sender's body.
      await senderPool(20);
      await timedPool(receiver, 20, CONCURRENCY, viaRawPost);
      const sender: number[] = [];
      const raw: number[] = [];
      for (let round = 0; round < SENDER_ROUNDS; round++) {
        const before = receiver.received;
        const order = round % 2 === 0 ? ['sender', 'raw'] : ['raw', 'sender'];
        for (const which of order) {
          const ms = which === 'sender' ? await senderPool(SENDER_CALLBACKS) : await timedPool(receiver, SENDER_CALLBACKS, CONCURRENCY, viaRawPost);
          (which === 'sender' ? sender : raw).push((SENDER_CALLBACKS / ms) * 1000);
        }
        // Exactly: no callback of either path arrived twice (a 200 each, checked above).
        if (receiver.received - before !== 2 * SENDER_CALLBACKS) {
          throw new Error(`round ${round}: the receiver got ${receiver.received - before} requests, expected ${2 * SENDER_CALLBACKS}`);
        }
      }
      profiles.push({
        latencyMs,
        callbacks: SENDER_ROUNDS * SENDER_CALLBACKS,
        senderPerSecond: median(sender),
        rawPerSecond: median(raw),
        ratio: median(sender.map((s, i) => s / raw[i]!)),
      });
    } finally {
      receiver.close();
    }
  }
  await host.close();
  return profiles;
}

/** The results table's section. */
export function senderTable(profiles: SenderProfile[]): string[] {
  return [
    `## Callback sender throughput (${SENDER_ROUNDS} interleaved rounds of ${SENDER_CALLBACKS} callbacks per path, at most ${CONCURRENCY} in flight: the per-receiver cap)`,
    '',
    `The real sender (its SQS handler in function containers, ${INVOCATIONS} invocations at a time of ${BATCH_SIZE}-record events as the`,
    'event source mapping sends them: per callback a task read, signing keys, a signed POST, its attempt record and status;',
    'per lane a slot taken and released) against a raw POST loop of the same body to the same loopback receiver,',
    `${CONCURRENCY} at a time.`,
    'Every callback answered 200 and counted by the receiver within its round (one the sender deferred because the',
    'receiver was busy counts when it arrives). Goal: ≥ 0.8×.',
    '',
    '| receiver answers after | callbacks per path | sender /s | raw POST /s | ratio (median of rounds) |',
    '|---:|---:|---:|---:|---:|',
    ...profiles.map(
      (p) => `| ${p.latencyMs} ms | ${p.callbacks} | ${p.senderPerSecond.toFixed(0)} | ${p.rawPerSecond.toFixed(0)} | ${p.ratio.toFixed(2)}× |`,
    ),
    '',
  ];
}
