import { isTransactionConflict } from './transact';
import { ConcurrentChangeError } from '../errors';

const ATTEMPTS = 6;
const MAX_DELAY_MS = 1000;

/**
 * Runs a read → decide → write attempt again when its write lost to a
 * concurrent one: a condition that no longer held (ConcurrentChangeError) or
 * a transaction cancelled by another holding the same items. Each attempt
 * re-reads, so the loser ends with the answer the winning state deserves
 * (410, 409, …); one that keeps losing gets 409 `conflict`.
 */
export async function retryOnContention<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError || isTransactionConflict(error))) throw error;
      if (n === ATTEMPTS) throw error instanceof ConcurrentChangeError ? error : new ConcurrentChangeError();
      // Jittered and growing, so the losers of one race do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_DELAY_MS, 20 * 2 ** n)));
    }
  }
}
