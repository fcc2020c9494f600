import { probeObjectKey, VERIFY_TIMEOUT_MS, type CheckName, type Checks } from '../domain/integrations/verification';

/**
 * Runs a verification's checks in order, each on its own, within one time
 * budget. A credential step (assuming the role, the token exchange) gates
 * the rest: without credentials the storage checks are skipped. Storage
 * checks all run, so a customer learns every missing permission at once.
 */
export interface CheckStep {
  name: CheckName;
  run: (signal: AbortSignal) => Promise<void>;
  /** Without it, nothing after can run. */
  gate?: boolean;
}

/** One sentence per failure: what was tried, the provider's error code, what to grant. Never a raw provider message. */
export type Explain = (check: CheckName, error: unknown) => string;

/** What a provider does to the storage; reading or deleting an absent object resolves (the permission is there). */
export interface StorageOps {
  list(signal: AbortSignal): Promise<void>;
  write(key: string, signal: AbortSignal): Promise<void>;
  read(key: string, signal: AbortSignal): Promise<void>;
  remove(key: string, signal: AbortSignal): Promise<void>;
}

/** List under the prefix, then write, read back and delete one probe object there. */
export function storageSteps(ops: () => StorageOps, prefix: string): CheckStep[] {
  const key = probeObjectKey(prefix);
  return [
    { name: 'list', run: (signal) => ops().list(signal) },
    { name: 'write', run: (signal) => ops().write(key, signal) },
    { name: 'read', run: (signal) => ops().read(key, signal) },
    { name: 'delete', run: (signal) => ops().remove(key, signal) },
  ];
}

export const PROBE_BODY = 'Refonte access check: safe to delete.\n';

const TIMED_OUT = `Timed out: a verification stops after ${VERIFY_TIMEOUT_MS / 1000} s; check that the storage answers promptly.`;

export async function runChecks(steps: readonly CheckStep[], explain: Explain, timeoutMs = VERIFY_TIMEOUT_MS): Promise<Checks> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const checks: Checks = {};
  let blockedBy: CheckName | null = null;
  try {
    for (const step of steps) {
      if (blockedBy) {
        checks[step.name] = { result: 'skipped', error: `Not tried: the ${blockedBy.replace('_', ' ')} step failed.` };
        continue;
      }
      if (controller.signal.aborted) {
        checks[step.name] = { result: 'failed', error: TIMED_OUT };
        continue;
      }
      try {
        await untilAborted(step.run(controller.signal), controller.signal);
        checks[step.name] = { result: 'passed' };
      } catch (error) {
        checks[step.name] = { result: 'failed', error: controller.signal.aborted ? TIMED_OUT : explain(step.name, error) };
        if (step.gate) blockedBy = step.name;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return checks;
}

/** Settles when the work does, or rejects when the budget runs out (for a client that ignores the signal). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
