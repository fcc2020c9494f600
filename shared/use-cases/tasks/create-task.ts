import { actorStillAllowedSteps } from '../../db/memberships';
import { retryOnContention } from '../../db/retry-on-contention';
import { createTaskSteps, type TaskRecord } from '../../db/tasks';
import { transact } from '../../db/transact';
import type { KeyEnvironment } from '../../domain/api-keys';
import { newId } from '../../domain/ids';
import { isTaskType, TASK_TYPES } from '../../domain/task-types';
import { checkCallbackUrl, type UrlPolicy } from '../../domain/url-safety';
import { CallbackUrlNotAllowedError, UnknownTaskTypeError } from '../../errors';
import { environmentFor, type TaskActor } from './task-actor';

export interface CreateTaskInput {
  type: string;
  project?: string;
  instruction?: string;
  params: Record<string, unknown>;
  callback_url?: string;
  unique_id?: string;
  metadata?: Record<string, unknown>;
  environment?: KeyEnvironment;
}

/** Who creates a task: a member or the team's API key (whose environment decides the task's). */
export type TaskCreator = TaskActor;

/** A callback URL as the team's is judged: https, no private, loopback or metadata target. */
export function checkedCallbackUrl(url: string | null | undefined, policy: UrlPolicy): string | null | undefined {
  if (url === undefined || url === null) return url;
  const verdict = checkCallbackUrl(url, policy);
  if (!verdict.ok) throw new CallbackUrlNotAllowedError(verdict.reason);
  return verdict.url;
}

/**
 * Create a task (any member, or an API key).
 *
 * 1. Judge the input: the type must be in the catalog (400
 *    `unknown_task_type`), the environment follows the caller (above), the
 *    callback URL is judged like the team's.
 * 2. One transaction (`createTaskSteps`): the task, its `unique_id` claim
 *    (409 `duplicate_unique_id` naming the holder), its project's existence,
 *    the team being open, the caller still being a member, and for a test
 *    task the outbox item that gets it completed by the platform.
 *    Concurrent creates with one `unique_id` contend on the claim: the
 *    losers retry and get 409 from the claim the winner wrote.
 */
export async function createTask(creator: TaskCreator, input: CreateTaskInput, urlPolicy: UrlPolicy): Promise<TaskRecord> {
  if (!isTaskType(input.type)) throw new UnknownTaskTypeError(input.type, TASK_TYPES);
  const environment = environmentFor(creator, input.environment, 'live');
  const callbackUrl = checkedCallbackUrl(input.callback_url, urlPolicy) ?? null;
  const now = new Date().toISOString();
  const task: TaskRecord = {
    id: newId('task', Date.parse(now)),
    team_id: creator.teamId,
    type: input.type,
    project: input.project ?? null,
    status: 'pending',
    environment,
    params: input.params,
    metadata: input.metadata ?? {},
    instruction: input.instruction ?? null,
    callback_url: callbackUrl,
    unique_id: input.unique_id ?? null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    response: null,
    callback_status: 'none',
    created_by: creator.audit,
    completed_by: null,
    canceled_at: null,
    last_delivery_id: null,
  };
  await retryOnContention(() => transact([...actorStillAllowedSteps(creator, 'tasks.manage'), ...createTaskSteps(task)]));
  return task;
}
