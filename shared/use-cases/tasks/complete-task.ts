import { callbackOutboxStep, newDeliveryId } from '../../db/outbox';
import { completeTaskStep, getTaskItem, type TaskRecord } from '../../db/tasks';
import { retryOnContention } from '../../db/retry-on-contention';
import { getTeam } from '../../db/teams';
import { transact, type TransactStep } from '../../db/transact';
import type { AuditActor } from '../../domain/actor';
import { NotFoundError, TaskNotPendingError } from '../../errors';

export interface CompleteTaskInput {
  taskId: string;
  response: Record<string, unknown>;
  /** Who completed it: support staff, or the platform (`system`) for a test task. Recorded on the task. */
  by: AuditActor;
}

/**
 * Complete a task — the only place a task becomes `completed` (the support
 * route and the test-task completer both call this).
 *
 * 1. Read the task (404 if unknown; 409 `task_not_pending` if it is not
 *    pending) and resolve its callback URL: the task's own, else the team's
 *    current one, else none.
 * 2. One transaction: the task `pending → completed` with its `response`,
 *    `completed_at`, `completed_by` and `callback_status` (`pending` when a
 *    URL resolved, `none` otherwise), conditioned on it still being pending
 *    — of concurrent completions exactly one wins, the others get 409 —
 *    plus, when there is a URL, the outbox item of its callback delivery
 *    (relayed to the callbacks queue by the table's stream), plus billing's
 *    steps. A crash cannot complete a task without scheduling its callback.
 */
export function completeTask(input: CompleteTaskInput): Promise<TaskRecord> {
  // A completion that lost to a concurrent one reads again, and gets 409 from what it finds.
  return retryOnContention(() => completeOnce(input));
}

async function completeOnce(input: CompleteTaskInput): Promise<TaskRecord> {
  const task = await getTaskItem(input.taskId);
  if (!task) throw new NotFoundError('task');
  if (task.status !== 'pending') throw new TaskNotPendingError(task.status);
  const url = task.callback_url ?? (await getTeam(task.team_id))?.callback_url ?? null;
  const completedAt = new Date().toISOString();
  const deliveryId = url ? newDeliveryId(completedAt) : null;
  const completed: TaskRecord = {
    ...task,
    status: 'completed',
    response: input.response,
    completed_at: completedAt,
    completed_by: input.by,
    updated_at: completedAt,
    callback_status: url ? 'pending' : 'none',
    last_delivery_id: deliveryId,
  };

  const callback: TransactStep[] =
    url && deliveryId
      ? [callbackOutboxStep({ team_id: task.team_id, task_id: task.id, delivery_id: deliveryId, url, environment: task.environment, created_at: completedAt })]
      : [];
  // Billing (issue 11) adds its steps here, in the same transaction:
  // `...meteringSteps(completed)` — live tasks only, each counted exactly once.
  const metering: TransactStep[] = [];

  await transact([
    completeTaskStep(task.id, {
      response: completed.response!,
      completed_at: completedAt,
      completed_by: input.by,
      callback_status: completed.callback_status as 'none' | 'pending',
      last_delivery_id: deliveryId,
    }),
    ...callback,
    ...metering,
  ]);
  return completed;
}
