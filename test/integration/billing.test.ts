import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../shared/clients/dynamodb';
import { meteringSteps, readLifetimeUsage, readMonthUsage, readUsageThrough, TaskAlreadyBilledError } from '../../shared/db/billing-usage';
import { getLedger, getInvoice, listInvoices } from '../../shared/db/invoices';
import { retryOnContention } from '../../shared/db/retry-on-contention';
import { TABLE_NAME } from '../../shared/db/table';
import { transact, type TransactStep } from '../../shared/db/transact';
import { newId } from '../../shared/domain/ids';
import { priceOf, type TaskType } from '../../shared/domain/task-types';
import { ConcurrentChangeError, ConflictError, TaskNotPendingError, ValidationError } from '../../shared/errors';
import { closeBillingPeriod, closeTeamPeriod } from '../../shared/use-cases/billing/close-period';
import { completeTask } from '../../shared/use-cases/tasks/complete-task';
import { createTask, type TaskCreator } from '../../shared/use-cases/tasks/create-task';
import { periodOf } from '../../shared/domain/billing-periods';
import { auditLog, createTeam, memberCaller, supportCaller } from '../support/membership-fixtures';

/**
 * Billing against DynamoDB Local: a task is billed exactly once however its
 * completion races, sharded counters add up exactly, and closing a period
 * issues one invoice per team and period however many runs race — with
 * usage recorded after a close landing on the next invoice. Each test uses
 * its own long-past months, so other tests' usage never mixes in.
 */
const support = supportCaller('billing-tests');
const RACERS = 50;

let monthSeq = 0;
/** A distinct month in 2001–2009 per test, its instant at mid-month. */
function freshPeriod(): { period: string; at: (day?: number) => string } {
  const index = monthSeq++ * 3;
  const year = 2001 + Math.floor(index / 12);
  const month = String((index % 12) + 1).padStart(2, '0');
  const period = `${year}-${month}`;
  return { period, at: (day = 15) => `${period}-${String(day).padStart(2, '0')}T12:00:00.000Z` };
}

/** Completion as the tasks module does it: a pending-only status change, with billing in the same transaction. */
async function stubTask(): Promise<string> {
  const id = newId('task');
  await dynamo.send(new PutCommand({ TableName: TABLE_NAME, Item: { PK: `BILLINGTEST#${id}`, SK: 'TASK', status: 'pending' } }));
  return id;
}
function completionStep(taskId: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: { PK: `BILLINGTEST#${taskId}`, SK: 'TASK' },
        UpdateExpression: 'SET #s = :done',
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'completed', ':pending': 'pending' },
      },
    },
    onConditionFailed: () => new ConflictError('task_not_pending', 'not pending'),
  };
}

async function bill(teamId: string, type: TaskType, completedAt: string, environment = 'live'): Promise<void> {
  const taskId = await stubTask();
  await transact([completionStep(taskId), ...meteringSteps({ teamId, taskId, type, environment, completedAt })]);
}

describe('metering inside completeTask', () => {
  async function teamWithTask(environment: 'live' | 'test') {
    const { team, members } = await createTeam(['member']);
    const creator = memberCaller(members[0]!) as TaskCreator;
    const task = await createTask(creator, { type: 'transcription', params: {}, environment }, { allowLoopbackHttp: false });
    return { team, task };
  }

  it(`bills a live task exactly once when ${RACERS} completions race; counters equal its price`, async () => {
    const { team, task } = await teamWithTask('live');
    const results = await Promise.allSettled(Array.from({ length: RACERS }, () => completeTask({ taskId: task.id, response: { ok: true }, by: support })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    const price = priceOf('transcription').amount;
    expect(await readLifetimeUsage(team.id)).toMatchObject({ tasks: 1, amount: price });
    expect(await readMonthUsage(team.id, periodOf(new Date()))).toMatchObject({ tasks: 1, amount: price });
    await expect(completeTask({ taskId: task.id, response: {}, by: support })).rejects.toBeInstanceOf(TaskNotPendingError);
  });

  it('never bills a test task', async () => {
    const { team, task } = await teamWithTask('test');
    await completeTask({ taskId: task.id, response: { ok: true }, by: support });
    expect(await readLifetimeUsage(team.id)).toMatchObject({ tasks: 0, amount: 0 });
  });
});

describe('metering', () => {
  it(`bills a live task once when ${RACERS} completions race`, async () => {
    const { team } = await createTeam();
    const { period, at } = freshPeriod();
    const taskId = await stubTask();
    const completeOnce = () =>
      retryOnContention(() =>
        transact([completionStep(taskId), ...meteringSteps({ teamId: team.id, taskId, type: 'image_annotation', environment: 'live', completedAt: at() })]),
      );
    const results = await Promise.allSettled(Array.from({ length: RACERS }, completeOnce));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);

    const price = priceOf('image_annotation').amount;
    expect(await readLifetimeUsage(team.id)).toMatchObject({ tasks: 1, amount: price });
    expect(await readMonthUsage(team.id, period)).toEqual({ tasks: 1, amount: price, by_type: { image_annotation: { tasks: 1, amount: price } } });
  });

  it('refuses a second billing of the same task even without the status condition (the marker)', async () => {
    const { team } = await createTeam();
    const input = { teamId: team.id, taskId: newId('task'), type: 'categorization', environment: 'live', completedAt: freshPeriod().at() };
    await transact(meteringSteps(input));
    await expect(transact(meteringSteps(input))).rejects.toBeInstanceOf(TaskAlreadyBilledError);
    expect((await readLifetimeUsage(team.id)).tasks).toBe(1);
  });

  it(`adds up exactly when ${RACERS} different tasks of one team complete at once (sharded counters)`, async () => {
    const { team } = await createTeam();
    const { period, at } = freshPeriod();
    const types: TaskType[] = Array.from({ length: RACERS }, (_, i) => (['categorization', 'transcription', 'text_collection'] as const)[i % 3]!);
    await Promise.all(types.map((type) => retryOnContention(() => bill(team.id, type, at()))));
    const total = types.reduce((sum, type) => sum + priceOf(type).amount, 0);
    expect(await readLifetimeUsage(team.id)).toMatchObject({ tasks: RACERS, amount: total });
    const month = await readMonthUsage(team.id, period);
    expect(month.amount).toBe(total);
    expect(month.by_type.categorization!.tasks).toBe(types.filter((t) => t === 'categorization').length);
  });

  it('never bills a test task', async () => {
    const { team } = await createTeam();
    await bill(team.id, 'transcription', freshPeriod().at(), 'test');
    expect(await readLifetimeUsage(team.id)).toMatchObject({ tasks: 0, amount: 0 });
  });
});

describe('closing a period', () => {
  it('issues one invoice per team and period when runs race, and nothing on a rerun', async () => {
    const { team } = await createTeam();
    const { period, at } = freshPeriod();
    await bill(team.id, 'categorization', at(3));
    await bill(team.id, 'transcription', at(28));
    const runs = await Promise.allSettled(Array.from({ length: 10 }, () => closeTeamPeriod(team.id, period, support)));
    for (const r of runs) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrentChangeError);
    expect(runs.filter((r) => r.status === 'fulfilled' && r.value !== null)).toHaveLength(1);

    const invoice = (await getInvoice(team.id, period))!;
    const amount = priceOf('categorization').amount + priceOf('transcription').amount;
    expect(invoice).toMatchObject({ period, tasks_finished: 2, amount, status: 'issued' });
    expect(invoice.line_items.map((l) => l.task_type)).toEqual(['categorization', 'transcription']);
    expect(await closeTeamPeriod(team.id, period, support)).toBeNull();
    expect((await auditLog(team.id)).filter((e) => e.action === 'invoice.issued')).toHaveLength(1);
  });

  it('puts usage recorded after a close on the next invoice, exactly', async () => {
    const { team } = await createTeam();
    const first = freshPeriod();
    await bill(team.id, 'categorization', first.at());
    await closeTeamPeriod(team.id, first.period, support);
    // Late: billed in the closed month after its close (a completion in its last seconds), then one in the next month.
    await bill(team.id, 'image_annotation', first.at(28));
    const next = (await import('../../shared/domain/billing-periods')).addMonths(first.period, 1);
    await bill(team.id, 'transcription', `${next}-02T00:00:00.000Z`);
    expect(await closeTeamPeriod(team.id, first.period, support)).toBeNull();

    const second = (await closeTeamPeriod(team.id, next, support))!;
    expect(second).toMatchObject({ tasks_finished: 2, amount: priceOf('image_annotation').amount + priceOf('transcription').amount });
    const ledger = await getLedger(team.id);
    const recorded = await readUsageThrough(team.id, next);
    expect(ledger.invoiced).toEqual(recorded);
    const { items } = await listInvoices(team.id, 10);
    expect(items.map((i) => i.period)).toEqual([next, first.period]);
    expect(items.reduce((s, i) => s + i.amount, 0)).toBe((await readLifetimeUsage(team.id)).amount);
  });

  it('finds the teams with usage in the month through the month index; two racing closes issue one invoice each', async () => {
    const teams = await Promise.all(Array.from({ length: 5 }, () => createTeam()));
    const { period, at } = freshPeriod();
    await Promise.all(teams.map(({ team }) => bill(team.id, 'text_collection', at())));
    const [a, b] = await Promise.all([closeBillingPeriod(period, support), closeBillingPeriod(period, support)]);
    expect(a.invoices_issued + b.invoices_issued).toBe(5);
    for (const { team } of teams) expect((await listInvoices(team.id, 10)).items).toHaveLength(1);
    expect((await closeBillingPeriod(period, support)).invoices_issued).toBe(0);
  });

  it('refuses a future period', async () => {
    await expect(closeBillingPeriod('2999-01', support)).rejects.toBeInstanceOf(ValidationError);
  });
});
