import { Worker } from 'node:worker_threads';
import { DEFAULT_TIMEOUT_SECONDS, type FunctionDefinition } from '../../infra/definitions/functions';
import type { Invocation, Outcome, WorkerData } from './function-worker';

/** A function that threw (or failed to load): the local twin of a Lambda invocation error. */
export class FunctionError extends Error {
  constructor(
    readonly functionId: string,
    readonly errorName: string,
    message: string,
    readonly init: boolean,
    readonly originalStack?: string,
  ) {
    super(message);
    this.name = 'FunctionError';
  }
}

/** One container: a worker thread running one invocation at a time, as a Lambda execution environment does. */
interface Container {
  worker: Worker;
  running: ((outcome: Outcome) => void) | null;
  /** The running invocation's request id and start, for its REPORT line. */
  invocation?: { requestId: string; startedAt: number };
}

/**
 * Lambda's line after each invocation, `REPORT RequestId: … Duration: … ms`,
 * on the dev server's output (`.local/logs/dev-server.log`): the time the
 * function itself took, apart from the HTTP and gateway hops around it.
 */
export const REPORT_LINE = /^REPORT RequestId: (\S+)\tFunction: (\S+)\tDuration: ([\d.]+) ms$/;
const reportLine = (requestId: string, functionId: string, ms: number) =>
  `REPORT RequestId: ${requestId}\tFunction: ${functionId}\tDuration: ${ms.toFixed(2)} ms\n`;

interface Waiting {
  event: unknown;
  requestId: string;
  resolve: (outcome: Outcome) => void;
}

/**
 * Containers per function at most: beyond them, invocations wait for one to
 * free up (Lambda would start more; a laptop runs out of cores first).
 */
const MAX_CONTAINERS = 4;

/**
 * Runs each function in worker threads with its own environment — the one
 * `functionEnvironment` computes for it, plus the emulators' endpoints —
 * like Lambda containers: started on demand, kept warm, and each running
 * one invocation at a time, so module-scope state (a logger's request
 * context, a cache) is shared only between invocations that follow each
 * other, never between concurrent ones.
 */
export class FunctionHost {
  private readonly pools = new Map<string, { containers: Container[]; waiting: Waiting[] }>();
  private nextId = 1;

  constructor(
    private readonly functions: ReadonlyMap<string, { definition: FunctionDefinition; env: Record<string, string> }>,
    private readonly recordCallsTo?: string,
  ) {}

  async invoke<T>(functionId: string, event: unknown, requestId: string): Promise<T> {
    const pool = this.poolFor(functionId);
    const outcome = await new Promise<Outcome>((resolve) => {
      const idle = pool.containers.find((c) => !c.running);
      const container = idle ?? (pool.containers.length < MAX_CONTAINERS ? this.start(functionId, pool) : null);
      if (container) this.run(container, { event, requestId, resolve });
      else pool.waiting.push({ event, requestId, resolve });
    });
    if (outcome.ok) return outcome.result as T;
    const { name, message, init, stack } = outcome.error;
    throw new FunctionError(functionId, name, message, init, stack);
  }

  async close(): Promise<void> {
    const containers = [...this.pools.values()].flatMap((pool) => pool.containers);
    this.pools.clear();
    await Promise.all(containers.map(({ worker }) => worker.terminate()));
  }

  private poolFor(functionId: string) {
    if (!this.functions.has(functionId)) throw new Error(`No function "${functionId}"`);
    let pool = this.pools.get(functionId);
    if (!pool) {
      pool = { containers: [], waiting: [] };
      this.pools.set(functionId, pool);
    }
    return pool;
  }

  private run(container: Container, invocation: Waiting): void {
    container.running = invocation.resolve;
    container.invocation = { requestId: invocation.requestId, startedAt: performance.now() };
    container.worker.postMessage({ id: this.nextId++, event: invocation.event, requestId: invocation.requestId } satisfies Invocation);
  }

  private start(functionId: string, pool: { containers: Container[]; waiting: Waiting[] }): Container {
    const fn = this.functions.get(functionId)!;
    const worker = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      env: fn.env,
      workerData: {
        functionId,
        handler: fn.definition.handler,
        timeoutMs: (fn.definition.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        recordCallsTo: this.recordCallsTo,
      } satisfies WorkerData,
    });
    const container: Container = { worker, running: null };
    const next = () => {
      const waiting = pool.waiting.shift();
      if (waiting) this.run(container, waiting);
    };
    worker.on('message', (outcome: Outcome) => {
      const settle = container.running;
      container.running = null;
      if (container.invocation) {
        const { requestId, startedAt } = container.invocation;
        process.stdout.write(reportLine(requestId, functionId, performance.now() - startedAt));
        container.invocation = undefined;
      }
      settle?.(outcome);
      next();
    });
    worker.on('error', (error) => {
      // A crashed container fails what it was running and is replaced on demand.
      container.running?.({ id: 0, ok: false, error: { name: error.name, message: error.message, stack: error.stack, init: false } });
      container.running = null;
      pool.containers.splice(pool.containers.indexOf(container), 1);
      const waiting = pool.waiting.shift();
      if (waiting) this.run(this.start(functionId, pool), waiting);
    });
    worker.unref();
    pool.containers.push(container);
    return container;
  }
}
