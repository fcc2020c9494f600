import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { actorStillAllowedSteps } from '../shared/db/memberships';
import { createTaskSteps, type TaskRecord } from '../shared/db/tasks';
import { newId } from '../shared/domain/ids';
import type { Case } from './interleave';

/**
 * The task create/get path: POST /v1/tasks, then GET /v1/tasks/{id} of the
 * task just created, over the dev server — against the same DynamoDB calls
 * made bare. The bare transaction is built with the product's own step
 * builders (the same items, conditions and expressions) and sent through a
 * plain client: what is measured is everything around the calls, not a
 * different set of calls. Imported after the stack's environment is set
 * (the table name).
 */
export interface TaskPathContext {
  api: string;
  /** Headers of the signed-in admin (JWT). */
  headers: Record<string, string>;
  ddb: DynamoDBDocumentClient;
  userId: string;
  teamId: string;
  /** The membership read every team route makes (consistent GetItem of the user). */
  readMember: () => Promise<void>;
  /** The team's rate counter (UpdateItem ADD). */
  count: () => Promise<unknown>;
  /** GetItem of one task (as GET /v1/tasks/{id} reads it: eventually consistent). */
  readTask: (taskId: string) => Promise<void>;
  must: (res: Response, status: number) => Promise<any>;
}

export const TASK_PATH = {
  create: 'POST /v1/tasks',
  createBare: 'bare: GetItem(user) → UpdateItem(counter) → TransactWrite(member check, team open, task)',
  createThenGet: 'POST /v1/tasks → GET /v1/tasks/{id}',
  createThenGetBare: 'bare: those calls → GetItem(user) → [UpdateItem(counter) ‖ GetItem(task)]',
} as const;

const BODY = JSON.stringify({ type: 'categorization', params: { text: 'bench' } });

export function taskPathCases(ctx: TaskPathContext): Case[] {
  const actor = { teamId: ctx.teamId, role: 'admin' as const, member: { id: ctx.userId, name: 'Bench' }, audit: { type: 'user' as const, id: ctx.userId } };

  /** A write route: the membership read, then admission (the counter) awaited, then the use case's one transaction. */
  const createBare = async (): Promise<string> => {
    await ctx.readMember();
    await ctx.count();
    const now = new Date().toISOString();
    const task: TaskRecord = {
      id: newId('task', Date.parse(now)),
      team_id: ctx.teamId,
      type: 'categorization',
      project: null,
      status: 'pending',
      environment: 'live',
      params: { text: 'bench' },
      metadata: {},
      instruction: null,
      callback_url: null,
      unique_id: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
      response: null,
      callback_status: 'none',
      created_by: actor.audit,
      completed_by: null,
      canceled_at: null,
      last_delivery_id: null,
    };
    const steps = [...actorStillAllowedSteps(actor, 'tasks.manage'), ...createTaskSteps(task)];
    await ctx.ddb.send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
    return task.id;
  };
  /** A read route: the membership read, then the counter beside the read. */
  const getBare = async (taskId: string) => {
    await ctx.readMember();
    await Promise.all([ctx.count(), ctx.readTask(taskId)]);
  };
  const create = async (): Promise<string> => {
    const res = await fetch(`${ctx.api}/v1/tasks`, { method: 'POST', headers: { ...ctx.headers, 'content-type': 'application/json' }, body: BODY });
    return (await ctx.must(res, 201)).id;
  };
  const get = async (taskId: string) => {
    const task = await ctx.must(await fetch(`${ctx.api}/v1/tasks/${taskId}`, { headers: ctx.headers }), 200);
    if (task.id !== taskId) throw new Error(`GET /v1/tasks/${taskId} answered task ${task.id}`);
  };

  return [
    { name: TASK_PATH.create, run: async () => void (await create()) },
    { name: TASK_PATH.createBare, run: async () => void (await createBare()) },
    { name: TASK_PATH.createThenGet, run: async () => get(await create()) },
    { name: TASK_PATH.createThenGetBare, run: async () => getBare(await createBare()) },
  ];
}

/** The ratio rows for the results table. */
export function taskPathRatios(ratio: (path: string, baseline: string) => string): string[] {
  return [
    `| ${TASK_PATH.create} | the same DynamoDB calls, bare | ${ratio(TASK_PATH.create, TASK_PATH.createBare)}× |`,
    `| ${TASK_PATH.createThenGet} | the same DynamoDB calls, bare | ${ratio(TASK_PATH.createThenGet, TASK_PATH.createThenGetBare)}× |`,
  ];
}
