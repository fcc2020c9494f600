import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../shared/clients/dynamodb';
import { acquireSlot, receiverSlots, releaseSlot, renewSlot, teamCallbackSlots } from '../../shared/db/callback-deliveries';
import { listCallbackAttempts } from '../../shared/db/callback-attempts';
import { keys, TABLE_NAME } from '../../shared/db/table';
import { newId } from '../../shared/domain/ids';
import { ATTEMPT_TIME_NEEDED_MS, CALLBACKS_IN_FLIGHT_PER_RECEIVER, CALLBACKS_IN_FLIGHT_PER_TEAM, RECEIVER_LEASE_MS, receiverOf } from '../../shared/domain/receiver-fairness';
import { CallbackBatch } from '../../shared/use-cases/callbacks/callback-batch';
import type { CallbackMessage, DeliveryContext, DeliveryResult } from '../../shared/use-cases/callbacks/deliver-callback';
import { CallbackReceiver } from '../support/callback-receiver';

/**
 * One sender invocation's batch, in-process against DynamoDB Local and
 * moto (the team's signing keys), with a real receiver on loopback: lanes
 * per receiver, a slot held per lane rather than per callback, kept-alive
 * connections, and what is left unattempted when no slot comes free or the
 * invocation runs out of time.
 */
let receiver: CallbackReceiver;
beforeAll(async () => {
  receiver = await CallbackReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

const team = `team_${newId('dlv').slice(4)}`;
const context = (overrides: Partial<DeliveryContext> = {}): DeliveryContext => ({
  policy: { allowLoopbackHttp: true },
  retryScale: 1,
  // Tasks that were never written: the body is the reader's, and the status update finds no task (a no-op).
  readBodies: async (reads) => new Map(reads.map(({ taskId: id }) => [id, { task: { id }, response: { label: 'cat' }, keysRotatedAt: null }])),
  ...overrides,
});

function messages(url: string, n: number): CallbackMessage[] {
  return Array.from({ length: n }, () => {
    const id = newId('dlv');
    return { delivery_id: `msg_${id}`, team_id: team, task_id: `task_${id}`, url, environment: 'live' };
  });
}

async function slotItem(url: string, slot: number) {
  return (await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.receiverSlot(receiverOf(url), slot), ConsistentRead: true }))).Item;
}

async function runBatch(batch: CallbackBatch, sent: CallbackMessage[]): Promise<DeliveryResult[]> {
  const results = await Promise.all(sent.map((m) => batch.deliver(m, 1)));
  expect(await batch.settled()).toEqual([]);
  return results;
}

describe('a sender batch', () => {
  it('sends ten callbacks to one receiver within its cap, each once, over kept-alive connections, and frees its slots', async () => {
    // A fresh receiver for this test: its own host:port, so no other test's slots.
    const own = await CallbackReceiver.start();
    try {
      const url = own.on('/ten', () => ({ status: 200, afterMs: 20 }));
      const sent = messages(url, 10);
      const results = await runBatch(new CallbackBatch(context()), sent);
      expect(results).toEqual(sent.map(() => ({ kind: 'done' })));
      expect(own.to('/ten').map((r) => r.headers['webhook-id']).sort()).toEqual(sent.map((m) => m.delivery_id).sort());
      expect(own.maxInFlight).toBe(CALLBACKS_IN_FLIGHT_PER_RECEIVER);
      // One connection per lane, not one per callback.
      expect(new Set(own.to('/ten').map((r) => r.remotePort)).size).toBeLessThanOrEqual(CALLBACKS_IN_FLIGHT_PER_RECEIVER);
      for (let slot = 0; slot < CALLBACKS_IN_FLIGHT_PER_RECEIVER; slot++) expect(await slotItem(url, slot)).toBeUndefined();
      // Every attempt recorded once, before the batch said done.
      const attempts = await Promise.all(sent.map(async (m) => (await listCallbackAttempts(m.task_id, 10)).items));
      expect(attempts.map((a) => a.map(({ attempt, status_code }) => ({ attempt, status_code })))).toEqual(sent.map(() => [{ attempt: 1, status_code: 200 }]));
    } finally {
      await own.close();
    }
  });

  it('defers everything, attempting nothing, while another holds every slot of the receiver', async () => {
    const url = receiver.on('/held', () => 200);
    // Other invocations' lanes, one slot each.
    const others = Array.from({ length: CALLBACKS_IN_FLIGHT_PER_RECEIVER }, () => newId('dlv'));
    const held: (number | null)[] = [];
    for (const other of others) held.push((await acquireSlot(receiverSlots(receiverOf(url)), other, CALLBACKS_IN_FLIGHT_PER_RECEIVER, RECEIVER_LEASE_MS)).slot);
    try {
      expect(held.every((slot) => slot !== null)).toBe(true);
      const sent = messages(url, 3).map((m) => ({ ...m, attempts_made: 4 }));
      const results = await runBatch(new CallbackBatch(context()), sent);
      expect(results).toEqual(sent.map(() => ({ kind: 'busy', attemptsMade: 4 })));
      expect(receiver.to('/held')).toEqual([]);
      // The holder's slots are still its own.
      for (const [i, slot] of held.entries()) expect((await slotItem(url, slot!))?.holder).toBe(others[i]);
    } finally {
      await Promise.all(held.map((slot, i) => releaseSlot(receiverSlots(receiverOf(url)), slot!, others[i]!)));
    }
  });

  it('starts no attempt the invocation has no time left to finish', async () => {
    const url = receiver.on('/late', () => 200);
    const sent = messages(url, 2);
    const results = await runBatch(new CallbackBatch(context({ remainingMs: () => ATTEMPT_TIME_NEEDED_MS - 1 })), sent);
    expect(results).toEqual(sent.map(() => ({ kind: 'busy', attemptsMade: 0 })));
    expect(receiver.to('/late')).toEqual([]);
  });

  it('serves receivers side by side: one that takes 3 s does not hold up another’s callback', async () => {
    const other = await CallbackReceiver.start();
    try {
      const slow = receiver.on('/slow', () => ({ status: 200, afterMs: 3_000 }));
      const fast = other.on('/fast', () => 200);
      const batch = new CallbackBatch(context());
      const started = Date.now();
      const slowResults = Promise.all(messages(slow, 4).map((m) => batch.deliver(m, 1)));
      const [fastResult] = await Promise.all(messages(fast, 1).map((m) => batch.deliver(m, 1)));
      expect(fastResult).toEqual({ kind: 'done' });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await slowResults).toEqual([{ kind: 'done' }, { kind: 'done' }, { kind: 'done' }, { kind: 'done' }]);
      expect(await batch.settled()).toEqual([]);
    } finally {
      await other.close();
    }
  }, 20_000);

  it('reports a failed attempt as a retry with its delay, and sends the rest of the lane on', async () => {
    const url = receiver.on('/mixed', (_r, n) => (n === 0 ? 503 : 200));
    const sent = messages(url, 3);
    const results = await runBatch(new CallbackBatch(context()), sent);
    expect(results.filter((r) => r.kind === 'retry')).toEqual([{ kind: 'retry', attempt: 1, delaySeconds: 20 }]);
    expect(results.filter((r) => r.kind === 'done')).toHaveLength(2);
  });

  it('keeps a slot to its holder: renewed by it, refused to another, and taken over only once its lease has run out', async () => {
    const receiverName = receiverSlots(`renew-${newId('dlv')}:443`);
    const [mine, theirs] = [newId('dlv'), newId('dlv')];
    const claim = await acquireSlot(receiverName, mine, 1, 1_000, { busyUntil: Date.now() + 200 });
    expect(claim.slot).toBe(0);
    // A waiter learns when the holder expects to be done, from the refused write itself.
    const refused = await acquireSlot(receiverName, theirs, 1, 1_000);
    expect(refused.slot).toBeNull();
    expect(refused.slot === null && refused.freeAt).toBeLessThanOrEqual(Date.now() + 200);
    expect(await renewSlot(receiverName, 0, theirs, 60_000)).toBe(false);
    expect(await renewSlot(receiverName, 0, mine, 60_000)).toBe(true);
    expect((await acquireSlot(receiverName, theirs, 1, 1_000, { now: Date.now() + 2_000 })).slot).toBeNull(); // renewed: still held
    expect((await acquireSlot(receiverName, theirs, 1, 1_000, { now: Date.now() + 61_000 })).slot).toBe(0); // run out: taken over
    expect(await renewSlot(receiverName, 0, mine, 60_000)).toBe(false);
    await releaseSlot(receiverName, 0, theirs);
  });

  it('defers at once, attempting nothing, the callbacks of a team that has its cap in flight elsewhere — another team’s go out', async () => {
    const url = receiver.on('/team-cap', () => 200);
    const busyTeam = `team_${newId('dlv').slice(4)}`;
    const holders = Array.from({ length: CALLBACKS_IN_FLIGHT_PER_TEAM }, () => newId('dlv'));
    const held: (number | null)[] = [];
    for (const holder of holders) held.push((await acquireSlot(teamCallbackSlots(busyTeam), holder, CALLBACKS_IN_FLIGHT_PER_TEAM, RECEIVER_LEASE_MS)).slot);
    try {
      expect(held.every((slot) => slot !== null)).toBe(true);
      const batch = new CallbackBatch(context());
      const started = Date.now();
      const capped = messages(url, 2).map((m) => ({ ...m, team_id: busyTeam }));
      const free = messages(url, 1);
      const results = await Promise.all([...capped, ...free].map((m) => batch.deliver(m, 1)));
      expect(await batch.settled()).toEqual([]);
      expect(results).toEqual([{ kind: 'busy', attemptsMade: 0 }, { kind: 'busy', attemptsMade: 0 }, { kind: 'done' }]);
      // Not after waiting for a slot: the team's cap defers at once.
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(receiver.to('/team-cap').map((r) => r.headers['webhook-id'])).toEqual([free[0]!.delivery_id]);
    } finally {
      await Promise.all(held.map((slot, i) => releaseSlot(teamCallbackSlots(busyTeam), slot!, holders[i]!)));
    }
  });
});
