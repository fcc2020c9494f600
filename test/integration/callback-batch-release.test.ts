import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../shared/domain/ids';
import { CallbackBatch } from '../../shared/use-cases/callbacks/callback-batch';
import type { CallbackMessage } from '../../shared/use-cases/callbacks/deliver-callback';
import { CallbackReceiver } from '../support/callback-receiver';

// Releasing a slot fails (a throttled table): the slots are left to their leases.
vi.mock('../../shared/db/callback-deliveries', async (original) => ({
  ...(await original<typeof import('../../shared/db/callback-deliveries')>()),
  releaseSlot: vi.fn(async () => {
    throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
  }),
}));

/**
 * A lane that cannot free its slot must not take the invocation down: the
 * error waits for `settled()` (vitest fails the run on an unhandled
 * rejection, which is what an early one would be), and every callback's
 * own result stands.
 */
let fast: CallbackReceiver;
let slow: CallbackReceiver;
beforeAll(async () => {
  [fast, slow] = await Promise.all([CallbackReceiver.start(), CallbackReceiver.start()]);
});
afterAll(async () => {
  await Promise.all([fast.close(), slow.close()]);
});

const message = (url: string): CallbackMessage => {
  const id = newId('dlv');
  return { delivery_id: `msg_${id}`, team_id: 'team_release', task_id: `task_${id}`, url, environment: 'live' };
};

describe('a sender batch whose slots cannot be released', () => {
  it('still reports every callback’s result, and hands the release errors to settled()', async () => {
    const batch = new CallbackBatch({
      policy: { allowLoopbackHttp: true },
      retryScale: 1,
      readBodies: async (reads) => new Map(reads.map(({ taskId: id }) => [id, { task: { id }, response: {}, keysRotatedAt: null }])),
    });
    const results = await Promise.all([
      batch.deliver(message(fast.on('/fast', () => 200)), 1),
      batch.deliver(message(slow.on('/slow', () => ({ status: 200, afterMs: 500 }))), 1),
    ]);
    expect(results).toEqual([{ kind: 'done' }, { kind: 'done' }]);
    const errors = await batch.settled();
    // Each lane's two slots: its receiver's and its team's.
    expect(errors.map((e) => (e as Error).name)).toEqual(Array.from({ length: 4 }, () => 'ThrottlingException'));
  });
});
