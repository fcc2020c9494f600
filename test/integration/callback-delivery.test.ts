import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { callbackOutboxStep } from '../../shared/db/outbox';
import { getTaskItem, type TaskRecord } from '../../shared/db/tasks';
import { updateTeamFieldsStep } from '../../shared/db/teams';
import { transact } from '../../shared/db/transact';
import { CALLBACK_MAX_ATTEMPTS } from '../../shared/domain/callback-retry';
import { CALLBACKS_IN_FLIGHT_PER_RECEIVER } from '../../shared/domain/receiver-fairness';
import { placeholderResponse } from '../../shared/domain/task-types';
import { listCallbackAttempts, type CallbackAttemptRecord } from '../../shared/db/callback-attempts';
import { getOrCreateCallbackAuthKey } from '../../shared/secrets/callback-auth-keys';
import { completeTask } from '../../shared/use-cases/tasks/complete-task';
import { createTask, type TaskCreator } from '../../shared/use-cases/tasks/create-task';
import { redeliverCallback } from '../../shared/use-cases/tasks/redeliver-callback';
import type { TaskActor } from '../../shared/use-cases/tasks/task-actor';
import { CallbackReceiver, type ReceivedCallback } from '../support/callback-receiver';
import { createTeam, memberCaller, supportCaller } from '../support/membership-fixtures';

/**
 * The messaging runtime end to end on the local stack: tasks are written
 * in-process, and everything after — the table's stream, the outbox relay,
 * the test-tasks delay queue, the completer, the callbacks queue and the
 * sender — runs in the dev server's pollers and function containers, each
 * function with its own environment, against a real receiver on loopback.
 * The test stack compresses the retry schedule (24 h → seconds).
 */
const LOCAL = { allowLoopbackHttp: true };
const support = supportCaller('support-callbacks');
const { outputs } = inject('localStack');
const sqs = new SQSClient({ endpoint: outputs.aws_endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

let receiver: CallbackReceiver;
beforeAll(async () => {
  receiver = await CallbackReceiver.start();
});
afterAll(async () => {
  await receiver.close();
  sqs.destroy();
});

async function teamWith(callbackUrl: string | null) {
  const { team, admin, members } = await createTeam(['member']);
  if (callbackUrl) await transact([updateTeamFieldsStep(team.id, { callback_url: callbackUrl }, new Date().toISOString())]);
  return { team, creator: memberCaller(members[0]!) as TaskCreator, admin: memberCaller(admin) as TaskActor };
}

async function attemptsOf(taskId: string): Promise<CallbackAttemptRecord[]> {
  return (await listCallbackAttempts(taskId, 100)).items;
}

async function settledTask(taskId: string, status: TaskRecord['callback_status'], timeout = 30_000): Promise<TaskRecord> {
  return vi.waitFor(
    async () => {
      const task = (await getTaskItem(taskId))!;
      expect(task.callback_status).toBe(status);
      return task;
    },
    { timeout, interval: 100 },
  );
}

/** Verifies as a customer's receiver would: standardwebhooks with `whsec_` + base64 of the key. */
function verify(request: ReceivedCallback, key: string): unknown {
  return new Webhook(`whsec_${Buffer.from(key, 'utf8').toString('base64')}`).verify(request.body, request.headers as Record<string, string>);
}

async function liveTask(creator: TaskCreator, callbackUrl?: string): Promise<TaskRecord> {
  return createTask(creator, { type: 'categorization', params: { text: 'hi' }, callback_url: callbackUrl }, LOCAL);
}

const completeLive = (task: TaskRecord) => completeTask({ taskId: task.id, response: { label: 'cat' }, by: support });

describe('test tasks', () => {
  it('are completed by the platform within 10 s of creation, and their callback arrives signed, with the test key', async () => {
    const url = receiver.on('/test-task', () => 200);
    const { team, creator } = await teamWith(url);
    const created = await createTask(creator, { type: 'transcription', params: {}, environment: 'test' }, LOCAL);
    const started = Date.now();
    const callback = await receiver.next((r) => r.path === '/test-task' && JSON.parse(r.body).task_id === created.id, 15_000);
    const task = (await getTaskItem(created.id))!;
    expect(task.status).toBe('completed');
    expect(Date.parse(task.completed_at!) - Date.parse(created.created_at)).toBeLessThan(10_000);
    expect(callback.at - started).toBeLessThan(10_000);
    expect(task.response).toEqual(placeholderResponse('transcription'));

    const key = (await getOrCreateCallbackAuthKey(team.id, 'test')).current;
    expect(callback.headers['refonte-callback-auth']).toBe(key);
    expect(verify(callback, key)).toMatchObject({ task_id: created.id, status: 'completed', response: placeholderResponse('transcription') });
    const body = JSON.parse(callback.body);
    expect(body.task).toMatchObject({ id: created.id, status: 'completed', environment: 'test' });
    expect(callback.headers['webhook-id']).toBe(task.last_delivery_id);
    await settledTask(created.id, 'succeeded');
  });
});

describe('callback sender', () => {
  it('delivers a live task completed by support to the task’s own URL over the team’s, with the live key', async () => {
    const teamUrl = receiver.on('/team-default', () => 200);
    const taskUrl = receiver.on('/task-override', () => 200);
    const { team, creator } = await teamWith(teamUrl);
    const task = await liveTask(creator, taskUrl);
    await completeLive(task);
    const callback = await receiver.next((r) => r.path === '/task-override' && JSON.parse(r.body).task_id === task.id);
    const key = (await getOrCreateCallbackAuthKey(team.id, 'live')).current;
    expect(callback.headers['refonte-callback-auth']).toBe(key);
    expect(verify(callback, key)).toMatchObject({ task_id: task.id, response: { label: 'cat' } });
    await settledTask(task.id, 'succeeded');
    const [attempt] = await attemptsOf(task.id);
    expect(attempt).toMatchObject({ attempt: 1, url: taskUrl, status_code: 200, error: null, delivery_id: callback.headers['webhook-id'] });
    expect(receiver.to('/team-default').filter((r) => JSON.parse(r.body).task_id === task.id)).toEqual([]);
  });

  it('retries a 500 and succeeds on the next attempt, with the same webhook-id and a fresh signature', async () => {
    const url = receiver.on('/flaky', (_r, n) => (n === 0 ? 500 : 200));
    const { creator } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    const second = await receiver.nth('/flaky', 2);
    const first = receiver.to('/flaky')[0]!;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    await settledTask(task.id, 'succeeded');
    const attempts = (await attemptsOf(task.id)).sort((a, b) => a.attempt - b.attempt);
    expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(attempts[0]!.error).toBe('HTTP 500');
  });

  it('stops at a 410: one attempt, callback_status failed', async () => {
    const url = receiver.on('/gone', () => 410);
    const { creator } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    await settledTask(task.id, 'failed');
    // A retry would come at once (the first compressed delay is 0 s): give it far longer than that.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.to('/gone')).toHaveLength(1);
    expect((await attemptsOf(task.id)).map((a) => a.status_code)).toEqual([410]);
  });

  it('does not follow a redirect: the 302 is a failed attempt and the target is never called', async () => {
    const target = receiver.on('/redirect-target', () => 200);
    const url = receiver.on('/redirects', (_r, n) => (n === 0 ? 302 : 200));
    const { creator } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    await settledTask(task.id, 'succeeded');
    const attempts = (await attemptsOf(task.id)).sort((a, b) => a.attempt - b.attempt);
    expect(attempts.map((a) => a.status_code)).toEqual([302, 200]);
    expect(receiver.to('/redirect-target')).toEqual([]);
    expect(target).toContain('/redirect-target');
  });

  it(`gives up after ${CALLBACK_MAX_ATTEMPTS} attempts: callback_status failed, the message in the dead-letter queue`, async () => {
    const url = receiver.on('/down', () => 503);
    const { creator } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    await settledTask(task.id, 'failed', 90_000);
    const attempts = await attemptsOf(task.id);
    expect(attempts.map((a) => a.attempt).sort((a, b) => a - b)).toEqual(Array.from({ length: CALLBACK_MAX_ATTEMPTS }, (_, i) => i + 1));
    expect(new Set(receiver.to('/down').map((r) => r.headers['webhook-id'])).size).toBe(1);
    const dlq = outputs.queue_urls.callbacks!.replace(/callbacks$/, 'callbacks-dlq');
    await vi.waitFor(
      async () => {
        const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
        expect((Messages ?? []).some((m) => JSON.parse(m.Body!).task_id === task.id)).toBe(true);
      },
      { timeout: 20_000, interval: 200 },
    );
  }, 120_000);

  it('refuses a metadata address at send time: the attempt is recorded with the reason, nothing is connected', async () => {
    const { team, creator } = await teamWith(null);
    const task = await liveTask(creator);
    await completeLive(task);
    // As if the URL had been accepted earlier: the sender judges it again when it sends.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: outputs.queue_urls.callbacks!,
        MessageBody: JSON.stringify({ delivery_id: 'msg_metadata', team_id: team.id, task_id: task.id, url: 'http://169.254.169.254/latest/meta-data', environment: 'live' }),
      }),
    );
    const attempt = await vi.waitFor(
      async () => {
        const [first] = await attemptsOf(task.id);
        expect(first).toBeDefined();
        return first!;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(attempt).toMatchObject({ status_code: null, delivery_id: 'msg_metadata', error: expect.stringContaining('metadata') });
  });

  it('sends a redelivery (a new outbox item with the same delivery id) with the same webhook-id', async () => {
    const url = receiver.on('/redeliver', () => 200);
    const { team, creator } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    const first = await receiver.nth('/redeliver', 1);
    const completed = (await getTaskItem(task.id))!;
    await transact([
      callbackOutboxStep({
        team_id: team.id,
        task_id: task.id,
        delivery_id: completed.last_delivery_id!,
        url,
        environment: 'live',
        created_at: new Date().toISOString(),
      }),
    ]);
    const again = await receiver.nth('/redeliver', 2);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    // The same delivery of the same task (read afresh: it now shows the first delivery's success).
    expect(JSON.parse(again.body)).toMatchObject({ task_id: task.id, response: JSON.parse(first.body).response });
  });

  it('coalesces 50 concurrent redelivers into one extra delivery (same webhook-id) while it is pending', async () => {
    // The redelivery is answered slowly: it stays pending (not yet attempted) while all 50 requests arrive.
    const url = receiver.on('/coalesce', (_, n) => (n === 0 ? 200 : { status: 200, afterMs: 3000 }));
    const { creator, admin } = await teamWith(url);
    const task = await liveTask(creator);
    await completeLive(task);
    const first = await receiver.nth('/coalesce', 1);

    const redeliveries = await Promise.all(Array.from({ length: 50 }, () => redeliverCallback(admin, task.id)));
    expect(new Set(redeliveries.map((r) => r.delivery_id))).toEqual(new Set([first.headers['webhook-id']]));
    const again = await receiver.nth('/coalesce', 2);
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    // Once attempted (answered after 3 s, recorded), the mark is gone: nothing else was queued behind it.
    await vi.waitFor(async () => expect((await getTaskItem(task.id))!.redelivery_pending_until).toBeUndefined(), { timeout: 15_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(receiver.to('/coalesce')).toHaveLength(2);
    expect((await attemptsOf(task.id)).map((a) => a.delivery_id)).toEqual([first.headers['webhook-id'], first.headers['webhook-id']]);

    // The next redeliver sends again.
    await redeliverCallback(admin, task.id);
    expect((await receiver.nth('/coalesce', 3)).headers['webhook-id']).toBe(first.headers['webhook-id']);
  });

  it('keeps other teams’ callbacks flowing while one receiver hangs for 10 s, and sends that receiver no more than its cap', async () => {
    // Two receivers, as two customers run them: the cap is per receiver (host and port).
    const other = await CallbackReceiver.start();
    try {
      const hanging = receiver.on('/hangs', () => 'hang');
      const healthy = other.on('/healthy', () => 200);
      const slow = await teamWith(hanging);
      const fast = await teamWith(healthy);
      const slowTasks = await Promise.all(Array.from({ length: 6 }, () => liveTask(slow.creator)));
      await Promise.all(slowTasks.map(completeLive));
      // Wait until the sender is stuck on the hanging receiver: its cap of in-flight requests.
      await receiver.nth('/hangs', CALLBACKS_IN_FLIGHT_PER_RECEIVER);
      const task = await liveTask(fast.creator);
      const started = Date.now();
      await completeLive(task);
      const callback = await other.next((r) => r.path === '/healthy' && JSON.parse(r.body).task_id === task.id, 8_000);
      expect(callback.at - started).toBeLessThan(5_000);
      // Not flooded: each request hangs 10 s, so every one received so far is still in flight.
      expect(receiver.to('/hangs').length).toBe(CALLBACKS_IN_FLIGHT_PER_RECEIVER);
    } finally {
      await other.close();
    }
  }, 30_000);
});
