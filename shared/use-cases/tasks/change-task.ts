import { actorStillAllowedSteps } from '../../db/memberships';
import { retryOnContention } from '../../db/retry-on-contention';
import { amendTaskStep, cancelTaskStep, getScopedTask, type TaskAmendment, type TaskRecord } from '../../db/tasks';
import { transact, type TransactStep } from '../../db/transact';
import type { UrlPolicy } from '../../domain/url-safety';
import { checkedCallbackUrl } from './create-task';
import { taskScopeOf, type TaskActor } from './task-actor';

export interface TaskAmendmentInput {
  instruction?: string | null;
  params?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  callback_url?: string | null;
}

/**
 * Writes one change to a pending task of the actor's, re-checking the
 * actor's membership in the same transaction, and answers the task as it
 * now is. The change's own condition makes another team's task 404 and a
 * task that is no longer pending 409 `task_not_pending`.
 */
async function changePendingTask(actor: TaskActor, taskId: string, step: TransactStep): Promise<TaskRecord> {
  const scope = taskScopeOf(actor);
  await retryOnContention(() => transact([...actorStillAllowedSteps(actor, 'tasks.manage'), step]));
  return getScopedTask(taskId, scope);
}

/**
 * Amend a pending task's instruction, params, metadata or callback URL
 * (any member, or an API key of the task's environment).
 *
 * 1. Judge a new callback URL as on create (null clears it: the team's
 *    applies again).
 * 2. One conditioned update (above).
 */
export function amendTask(actor: TaskActor, taskId: string, input: TaskAmendmentInput, urlPolicy: UrlPolicy): Promise<TaskRecord> {
  const amendment: TaskAmendment = {
    instruction: input.instruction,
    params: input.params,
    metadata: input.metadata,
    callback_url: checkedCallbackUrl(input.callback_url, urlPolicy),
  };
  return changePendingTask(actor, taskId, amendTaskStep(taskId, taskScopeOf(actor), amendment, new Date().toISOString()));
}

/** Cancel a pending task: it will not be labeled, completed or billed. Not audited (tasks are high volume). */
export function cancelTask(actor: TaskActor, taskId: string): Promise<TaskRecord> {
  return changePendingTask(actor, taskId, cancelTaskStep(taskId, taskScopeOf(actor), new Date().toISOString()));
}
