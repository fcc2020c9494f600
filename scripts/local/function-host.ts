import { Worker } from 'node:worker_threads';
import type { FunctionDefinition } from '../../infra/definitions/functions';
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

/**
 * Runs each function in its own worker thread with its own environment —
 * the one `functionEnvironment` computes for it, plus the emulators'
 * endpoints — started on first use and kept warm, like a Lambda container.
 */
export class FunctionHost {
  private readonly workers = new Map<string, { worker: Worker; pending: Map<number, (o: Outcome) => void> }>();
  private nextId = 1;

  constructor(
    private readonly functions: ReadonlyMap<string, { definition: FunctionDefinition; env: Record<string, string> }>,
    private readonly recordCallsTo?: string,
  ) {}

  async invoke<T>(functionId: string, event: unknown, requestId: string): Promise<T> {
    const { worker, pending } = this.workerFor(functionId);
    const id = this.nextId++;
    const outcome = await new Promise<Outcome>((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ id, event, requestId } satisfies Invocation);
    });
    if (outcome.ok) return outcome.result as T;
    const { name, message, init, stack } = outcome.error;
    throw new FunctionError(functionId, name, message, init, stack);
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map(({ worker }) => worker.terminate()));
    this.workers.clear();
  }

  private workerFor(functionId: string) {
    const existing = this.workers.get(functionId);
    if (existing) return existing;
    const fn = this.functions.get(functionId);
    if (!fn) throw new Error(`No function "${functionId}"`);
    const worker = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      env: fn.env,
      workerData: { functionId, handler: fn.definition.handler, recordCallsTo: this.recordCallsTo } satisfies WorkerData,
    });
    const pending = new Map<number, (o: Outcome) => void>();
    worker.on('message', (outcome: Outcome) => {
      pending.get(outcome.id)?.(outcome);
      pending.delete(outcome.id);
    });
    worker.on('error', (error) => {
      // A crash of the container fails what it was running; the next call starts a fresh one.
      for (const resolve of pending.values()) {
        resolve({ id: 0, ok: false, error: { name: error.name, message: error.message, stack: error.stack, init: false } });
      }
      this.workers.delete(functionId);
    });
    worker.unref();
    const entry = { worker, pending };
    this.workers.set(functionId, entry);
    return entry;
  }
}
