import { setTimeout as delay } from 'node:timers/promises';
import { connectionPool, type ConnectionPool } from '../../clients/callback-http';
import { acquireSlot, receiverSlots, releaseSlot, renewSlot, teamCallbackSlots, type SlotSet } from '../../db/callback-deliveries';
import { CALLBACK_MAX_ATTEMPTS } from '../../domain/callback-retry';
import { newId } from '../../domain/ids';
import {
  ATTEMPT_TIME_NEEDED_MS,
  CALLBACK_TIMEOUT_MS,
  CALLBACKS_IN_FLIGHT_PER_RECEIVER,
  CALLBACKS_IN_FLIGHT_PER_TEAM,
  DEFAULT_ATTEMPT_ESTIMATE_MS,
  expectedHoldMs,
  LEASE_RENEW_MARGIN_MS,
  MAX_SLOT_WAIT_MS,
  nextAttemptEstimate,
  RECEIVER_LEASE_MS,
  receiverOf,
  slotRetryDelayMs,
} from '../../domain/receiver-fairness';
import {
  attemptCallback,
  giveUpDelivery,
  readAttemptInputs,
  recordAttempts,
  type AttemptInputs,
  type CallbackContent,
  type CallbackMessage,
  type CallbackRead,
  type DeliveryContext,
  type DeliveryResult,
  type MadeAttempt,
} from './deliver-callback';

/** Each receiver's recent pace as this container has seen it (module scope: it outlives the invocation, as a warm container does). */
const attemptEstimates = new Map<string, number>();
const MAX_ESTIMATES = 1_000;

function noteAttempt(receiver: string, durationMs: number): void {
  if (attemptEstimates.size >= MAX_ESTIMATES && !attemptEstimates.has(receiver)) attemptEstimates.clear();
  attemptEstimates.set(receiver, nextAttemptEstimate(attemptEstimates.get(receiver), durationMs));
}

interface Queued {
  message: CallbackMessage;
  attempt: number;
  inputs: AttemptInputs;
  settle(result: Promise<DeliveryResult>): void;
}

/**
 * One sender invocation's batch of callbacks. Messages are grouped by
 * team and receiver; each group's are sent by up to the receiver's cap of
 * lanes, each lane holding one of the receiver's slots (and one of the
 * team's) for as long as it has callbacks to send, one after another over a kept-alive connection. A slot is so taken
 * and released once per lane rather than once per callback, and a receiver
 * never has more than its cap in flight. Receivers are served side by side,
 * so a hanging one delays no other's callbacks. The batch's tasks are read
 * in one BatchGetItem, and each lane writes its attempts' records in one
 * BatchWriteItem after its last POST.
 *
 * The invocation must not return before `settled()`: lanes release their
 * slots after their last POST, beside its records' writes.
 */
/** A task's read for this batch, and who waits for it. */
interface PendingRead {
  read: CallbackRead;
  waiting: ((content: Promise<CallbackContent | null>) => void)[];
}

export class CallbackBatch {
  private readonly groups = new Map<string, ReceiverLanes>();
  private readonly lanes: Promise<void>[] = [];
  /** Slots a lane could not free (their leases end them): reported by `settled()`, never thrown into the invocation. */
  private readonly releaseErrors: unknown[] = [];
  /** Task ids asked for in this turn of the event loop, read together when it ends. */
  private reads: Map<string, PendingRead> | null = null;

  constructor(private readonly ctx: DeliveryContext) {}

  /**
   * A task's callback content, from one read per batch: the Lambda runtime
   * hands every record to the handler in the same turn, so all their task
   * ids are collected before the read goes out.
   */
  private content(message: CallbackMessage): Promise<CallbackContent | null> {
    if (!this.reads) {
      const reads = new Map<string, PendingRead>();
      this.reads = reads;
      queueMicrotask(() => {
        this.reads = null;
        const bodies = this.ctx.readBodies([...reads.values()].map(({ read }) => read));
        for (const [id, { waiting }] of reads) for (const settle of waiting) settle(bodies.then((found) => found.get(id) ?? null));
      });
    }
    return new Promise((resolve) => {
      const pending = this.reads!.get(message.task_id);
      if (pending) pending.waiting.push(resolve);
      else this.reads!.set(message.task_id, { read: { taskId: message.task_id, teamId: message.team_id, environment: message.environment }, waiting: [resolve] });
    });
  }

  /** What became of the message: its attempt's result, or busy when no attempt was made. */
  deliver(message: CallbackMessage, receiveCount: number): Promise<DeliveryResult> {
    const attempt = (message.attempts_made ?? 0) + receiveCount;
    if (attempt > CALLBACK_MAX_ATTEMPTS) return giveUpDelivery();
    const receiver = receiverOf(message.url);
    // One group per team and receiver: a lane holds a slot of each.
    const group = `${message.team_id} ${receiver}`;
    let lanes = this.groups.get(group);
    if (!lanes) {
      const track = (lane: Promise<void>) => this.lanes.push(lane);
      this.groups.set(group, (lanes = new ReceiverLanes(message.team_id, receiver, this.ctx, track, (error) => this.releaseErrors.push(error))));
    }
    return lanes.add(message, attempt, readAttemptInputs(message, this.content(message), this.ctx));
  }

  /** Resolves once every lane has ended and released its slot, with the errors releasing met (the lease expires by itself). */
  async settled(): Promise<unknown[]> {
    await Promise.all(this.lanes);
    return this.releaseErrors;
  }
}

class ReceiverLanes {
  private readonly queue: Queued[] = [];
  private running = 0;
  /** Lanes ever started for this receiver in this batch: at most its cap, so lanes that stop early are not replaced. */
  private started = 0;
  /** Why a lane could not take or keep a slot, given to what is left when no lane will send it. */
  private failure: unknown;
  private readonly receiverSlots: SlotSet;
  private readonly teamSlots: SlotSet;

  constructor(
    teamId: string,
    private readonly receiver: string,
    private readonly ctx: DeliveryContext,
    private readonly track: (lane: Promise<void>) => void,
    private readonly releaseFailed: (error: unknown) => void,
  ) {
    this.receiverSlots = receiverSlots(receiver);
    this.teamSlots = teamCallbackSlots(teamId);
  }

  add(message: CallbackMessage, attempt: number, inputs: AttemptInputs): Promise<DeliveryResult> {
    return new Promise<DeliveryResult>((resolve) => {
      this.queue.push({ message, attempt, inputs, settle: resolve });
      if (this.running === 0) this.startLane();
    });
  }

  /** One lane waits for a slot; each lane that gets one starts the next, up to the cap, while there is more to send than lanes. */
  private startLane(): void {
    this.started++;
    this.running++;
    this.track(this.lane());
  }

  private get hasTime(): boolean {
    return (this.ctx.remainingMs?.() ?? Infinity) >= ATTEMPT_TIME_NEEDED_MS;
  }

  private async lane(): Promise<void> {
    const holder = newId('dlv');
    const pool = connectionPool();
    const attempted: { item: Queued; result: DeliveryResult; made: MadeAttempt }[] = [];
    let teamSlot: number | null = null;
    let slot: number | null = null;
    try {
      // The team's share first, without waiting: a team at its cap has its callbacks deferred at once.
      if (this.hasTime) teamSlot = (await acquireSlot(this.teamSlots, holder, CALLBACKS_IN_FLIGHT_PER_TEAM, RECEIVER_LEASE_MS)).slot;
      const lease = teamSlot !== null ? await this.waitForSlot(holder) : null;
      slot = lease?.slot ?? null;
      if (lease && this.started < CALLBACKS_IN_FLIGHT_PER_RECEIVER && this.running < this.queue.length) this.startLane();
      if (lease) await this.drain({ receiver: lease.slot, team: teamSlot! }, lease.until, holder, pool, attempted);
    } catch (error) {
      this.failure = error;
    } finally {
      pool.destroy();
      this.running--;
      if (this.running === 0) this.leaveTheRest();
    }
    // The slots first: another invocation waiting for this receiver sends on while the attempts are written.
    await Promise.all([
      slot !== null ? releaseSlot(this.receiverSlots, slot, holder).catch(this.releaseFailed) : undefined,
      teamSlot !== null ? releaseSlot(this.teamSlots, teamSlot, holder).catch(this.releaseFailed) : undefined,
    ]);
    const recorded = recordAttempts(attempted.map((a) => a.made));
    for (const { item, result } of attempted) item.settle(recorded.then(() => result));
    // Never rejects: a lane's outcome is in its items' results.
    await recorded.catch(() => undefined);
  }

  /** A free slot, tried again when its holder expects to be done, while callbacks are left to send; null when none came free in time. */
  private async waitForSlot(holder: string): Promise<{ slot: number; until: number } | null> {
    const deadline = Date.now() + MAX_SLOT_WAIT_MS;
    for (let tries = 0; ; tries++) {
      if (this.queue.length === 0) return null; // the other lanes sent them all
      const at = Date.now();
      const lanes = Math.min(CALLBACKS_IN_FLIGHT_PER_RECEIVER, this.queue.length);
      const busyUntil = at + expectedHoldMs(this.queue.length, lanes, attemptEstimates.get(this.receiver) ?? DEFAULT_ATTEMPT_ESTIMATE_MS);
      const claim = await acquireSlot(this.receiverSlots, holder, CALLBACKS_IN_FLIGHT_PER_RECEIVER, RECEIVER_LEASE_MS, { now: at, busyUntil });
      if (claim.slot !== null) return { slot: claim.slot, until: at + RECEIVER_LEASE_MS };
      const now = Date.now();
      if (now >= deadline) return null;
      await delay(Math.min(slotRetryDelayMs(claim.freeAt, now, tries), deadline - now));
    }
  }

  /** Sends queued callbacks one after another while the lease can be kept and the invocation has time. */
  private async drain(
    slots: { receiver: number; team: number },
    leaseUntil: number,
    holder: string,
    pool: ConnectionPool,
    attempted: { item: Queued; result: DeliveryResult; made: MadeAttempt }[],
  ): Promise<void> {
    while (this.queue.length > 0) {
      if (!this.hasTime) return;
      if (leaseUntil - Date.now() < CALLBACK_TIMEOUT_MS + LEASE_RENEW_MARGIN_MS) {
        const renewedAt = Date.now();
        const renewed = await Promise.all([
          renewSlot(this.receiverSlots, slots.receiver, holder, RECEIVER_LEASE_MS, renewedAt),
          renewSlot(this.teamSlots, slots.team, holder, RECEIVER_LEASE_MS, renewedAt),
        ]);
        if (renewed.includes(false)) return; // expired and taken
        leaseUntil = renewedAt + RECEIVER_LEASE_MS;
      }
      const item = this.queue.shift()!;
      const startedAt = Date.now();
      try {
        const { result, made } = await attemptCallback(item.message, item.attempt, item.inputs, this.ctx, pool);
        // The lane's pace, not only the POST's: what a waiter for this slot waits per callback.
        if (made) {
          noteAttempt(this.receiver, Date.now() - startedAt);
          attempted.push({ item, result, made });
        } else item.settle(Promise.resolve(result));
      } catch (error) {
        item.settle(Promise.reject(error));
      }
    }
  }

  /** No lane is left: what is still queued was not attempted, and goes back to the queue (or fails, if taking a slot failed). */
  private leaveTheRest(): void {
    for (const item of this.queue.splice(0)) {
      item.settle(this.failure !== undefined ? Promise.reject(this.failure) : Promise.resolve({ kind: 'busy', attemptsMade: item.attempt - 1 }));
    }
  }
}
