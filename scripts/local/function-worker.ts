import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { lambdaContext } from './gateway-event';

/**
 * One function's container on the local stack: a worker thread whose
 * `process.env` is exactly the function's environment (set by the host), so
 * the handler's module-scope reads — config, clients, caches — behave as in
 * its own Lambda. A module that fails to load fails every invocation, as
 * a Lambda init error does.
 */
export interface WorkerData {
  functionId: string;
  handler: string;
  /** The function's timeout: what `getRemainingTimeInMillis` counts down from. */
  timeoutMs: number;
  /** Under test: append every AWS call this function makes to this file. */
  recordCallsTo?: string;
}

export type Invocation = { id: number; event: unknown; requestId: string };
export type Outcome =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string; init: boolean } };

const data = workerData as WorkerData;
const file = pathToFileURL(path.join(import.meta.dirname, '..', '..', 'functions', `${data.handler}.ts`)).href;

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let recordInvocation = () => {};
const loaded: Promise<Handler> = (async () => {
  if (data.recordCallsTo) {
    const recorder = await import('./aws-call-recorder');
    await recorder.recordAwsCalls(data.functionId, data.recordCallsTo);
    recordInvocation = () => recorder.recordInvocation(data.functionId, data.recordCallsTo!);
  }
  const module = (await import(file)) as { handler: Handler };
  return module.handler;
})();
// Reported per invocation, like Lambda's Runtime.ImportModuleError; not an unhandled rejection.
loaded.catch(() => undefined);

parentPort!.on('message', async ({ id, event, requestId }: Invocation) => {
  let init = true;
  try {
    const handler = await loaded;
    init = false;
    recordInvocation();
    const result = await handler(event, lambdaContext(data.functionId, requestId, data.timeoutMs));
    parentPort!.postMessage({ id, ok: true, result } satisfies Outcome);
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id, ok: false, error: { name: e.name, message: e.message, stack: e.stack, init } } satisfies Outcome);
  }
});
