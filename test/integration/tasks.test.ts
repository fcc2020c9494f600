import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../shared/clients/dynamodb';
import { getTaskItem, taskIdForUniqueId } from '../../shared/db/tasks';
import { TABLE_NAME } from '../../shared/db/table';
import { updateTeamFieldsStep } from '../../shared/db/teams';
import { transact } from '../../shared/db/transact';
import { placeholderResponse } from '../../shared/domain/task-types';
import { DuplicateUniqueIdError, NotFoundError, TaskNotPendingError, UnknownTaskTypeError, ValidationError } from '../../shared/errors';
import { completeTask } from '../../shared/use-cases/tasks/complete-task';
import { createTask, type TaskCreator } from '../../shared/use-cases/tasks/create-task';
import { createTeam, memberCaller, supportCaller } from '../support/membership-fixtures';

const OPS = 50;
const policy = { allowLoopbackHttp: false };
const support = supportCaller('support-tasks');

/** Every outbox item written for a task (a scan: test-only, the relay reads the stream). */
async function outboxOf(taskId: string): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: TABLE_NAME,
        FilterExpression: 'begins_with(PK, :outbox) AND task_id = :task',
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':task': taskId },
        ExclusiveStartKey: start,
      }),
    );
    found.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

async function teamWithMember(callbackUrl: string | null = null) {
  const { team, members } = await createTeam(['member']);
  if (callbackUrl) await transact([updateTeamFieldsStep(team.id, { callback_url: callbackUrl }, new Date().toISOString())]);
  return { team, creator: memberCaller(members[0]!) as TaskCreator };
}

const keyCreator = (teamId: string, environment: 'live' | 'test'): TaskCreator => ({
  teamId,
  role: 'api_key',
  member: null,
  audit: { type: 'api_key', id: 'key_fixture' },
  principal: { type: 'api_key', keyId: 'key_fixture', teamId, environment },
});

describe('createTask', () => {
  it('creates a pending live task for a user, and a test task with its outbox item in the same transaction', async () => {
    const { creator } = await teamWithMember();
    const live = await createTask(creator, { type: 'categorization', params: { text: 'hi' } }, policy);
    expect(live).toMatchObject({ status: 'pending', environment: 'live', callback_status: 'none', metadata: {} });
    expect(await getTaskItem(live.id)).toEqual(live);
    expect(await outboxOf(live.id)).toEqual([]);

    const test = await createTask(creator, { type: 'transcription', params: {}, environment: 'test' }, policy);
    const outbox = await outboxOf(test.id);
    expect(outbox).toEqual([expect.objectContaining({ kind: 'test_task', team_id: creator.teamId, task_id: test.id, expires_at_epoch: expect.any(Number) })]);
  });

  it('takes an API key\'s environment, and refuses a body naming the other one', async () => {
    const { team } = await teamWithMember();
    const task = await createTask(keyCreator(team.id, 'test'), { type: 'categorization', params: {} }, policy);
    expect(task.environment).toBe('test');
    await expect(createTask(keyCreator(team.id, 'test'), { type: 'categorization', params: {}, environment: 'live' }, policy)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('refuses an unknown type, an unknown project and a metadata callback URL, writing nothing', async () => {
    const { creator } = await teamWithMember();
    await expect(createTask(creator, { type: 'astrology', params: {} }, policy)).rejects.toBeInstanceOf(UnknownTaskTypeError);
    await expect(createTask(creator, { type: 'categorization', params: {}, project: 'nope', unique_id: 'u1' }, policy)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await taskIdForUniqueId(creator.teamId, 'u1')).toBeNull();
    await expect(
      createTask(creator, { type: 'categorization', params: {}, callback_url: 'https://169.254.169.254/latest' }, policy),
    ).rejects.toMatchObject({ code: 'callback_url_not_allowed' });
  });

  it(`${OPS} concurrent creates with one unique_id: one task, ${OPS - 1} refusals naming it`, async () => {
    const { creator } = await teamWithMember();
    const results = await Promise.allSettled(
      Array.from({ length: OPS }, () => createTask(creator, { type: 'categorization', params: {}, unique_id: 'order-42' }, policy)),
    );
    const created = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    expect(created).toHaveLength(1);
    for (const error of refused) {
      expect(error).toBeInstanceOf(DuplicateUniqueIdError);
      expect((error as DuplicateUniqueIdError).existingTaskId).toBe(created[0]!.id);
    }
    expect(await taskIdForUniqueId(creator.teamId, 'order-42')).toBe(created[0]!.id);
    // Another team may use the same unique_id.
    const other = await teamWithMember();
    await expect(createTask(other.creator, { type: 'categorization', params: {}, unique_id: 'order-42' }, policy)).resolves.toBeTruthy();
  }, 60_000);
});

describe('completeTask', () => {
  it('completes a pending task with the team\'s callback URL: callback pending, one outbox delivery', async () => {
    const { creator } = await teamWithMember('https://hooks.example.com/team');
    const task = await createTask(creator, { type: 'transcription', params: {} }, policy);
    const done = await completeTask({ taskId: task.id, response: { transcription: 'hello' }, by: support });
    expect(done).toMatchObject({ status: 'completed', response: { transcription: 'hello' }, callback_status: 'pending', completed_by: support });
    expect(await getTaskItem(task.id)).toEqual(done);
    const outbox = await outboxOf(task.id);
    expect(outbox).toEqual([
      expect.objectContaining({
        kind: 'callback',
        team_id: creator.teamId,
        task_id: task.id,
        url: 'https://hooks.example.com/team',
        environment: 'live',
        delivery_id: done.last_delivery_id,
      }),
    ]);
    expect(done.last_delivery_id).toMatch(/^msg_/);
  });

  it('prefers the task\'s own URL, and with no URL at all schedules nothing (callback_status none)', async () => {
    const withTeamUrl = await teamWithMember('https://hooks.example.com/team');
    const own = await createTask(withTeamUrl.creator, { type: 'categorization', params: {}, callback_url: 'https://hooks.example.com/task' }, policy);
    await completeTask({ taskId: own.id, response: placeholderResponse('categorization'), by: support });
    expect(await outboxOf(own.id)).toEqual([expect.objectContaining({ url: 'https://hooks.example.com/task' })]);

    const { creator } = await teamWithMember();
    const none = await createTask(creator, { type: 'categorization', params: {} }, policy);
    const done = await completeTask({ taskId: none.id, response: {}, by: support });
    expect(done).toMatchObject({ callback_status: 'none', last_delivery_id: null });
    expect(await outboxOf(none.id)).toEqual([]);
  });

  it('refuses an unknown task (404) and a task that is not pending (409)', async () => {
    await expect(completeTask({ taskId: 'task_nope', response: {}, by: support })).rejects.toBeInstanceOf(NotFoundError);
    const { creator } = await teamWithMember();
    const task = await createTask(creator, { type: 'categorization', params: {} }, policy);
    await completeTask({ taskId: task.id, response: { a: 1 }, by: support });
    await expect(completeTask({ taskId: task.id, response: { a: 2 }, by: support })).rejects.toMatchObject({ code: 'task_not_pending' });
    expect((await getTaskItem(task.id))!.response).toEqual({ a: 1 });
  });

  it(`${OPS} concurrent completions of one task: exactly one completes it, one delivery`, async () => {
    const { creator } = await teamWithMember('https://hooks.example.com/race');
    const task = await createTask(creator, { type: 'categorization', params: {} }, policy);
    const results = await Promise.allSettled(
      Array.from({ length: OPS }, (_, i) => completeTask({ taskId: task.id, response: { winner: i }, by: support })),
    );
    const won = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TaskNotPendingError);
    const stored = await getTaskItem(task.id);
    expect(stored).toEqual(won[0]);
    const outbox = await outboxOf(task.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.delivery_id).toBe(stored!.last_delivery_id);
  }, 60_000);
});
