import { auditStep } from '../../db/audit-events';
import { actorStillAllowedSteps } from '../../db/memberships';
import { callbackOutboxStep } from '../../db/outbox';
import { retryOnContention } from '../../db/retry-on-contention';
import { getScopedTask, redeliverCallbackStep } from '../../db/tasks';
import { getTeam } from '../../db/teams';
import { transact } from '../../db/transact';
import { NoCallbackDeliveryError } from '../../errors';
import { taskScopeOf, type TaskActor } from './task-actor';

export interface Redelivery {
  task_id: string;
  delivery_id: string;
  url: string;
}

/**
 * Send a completed task's callback again (manager+, or an API key of the
 * task's environment), with the same `webhook-id` so receivers de-duplicate.
 *
 * 1. Read the task (404 if not the caller's). One that never had a delivery
 *    (not completed, or completed with no callback URL) → 409
 *    `no_callback_delivery`; so is one whose URL is gone (task's and team's).
 * 2. One transaction: the task's `callback_status` back to `pending`
 *    (conditioned on its last delivery still being that one), a new outbox
 *    item carrying the same `delivery_id` to the URL that resolves now (a
 *    team that fixed its URL gets the callback there), the actor's
 *    membership re-checked, and the audit event.
 */
export function redeliverCallback(actor: TaskActor, taskId: string): Promise<Redelivery> {
  return retryOnContention(async () => {
    const task = await getScopedTask(taskId, taskScopeOf(actor));
    if (!task.last_delivery_id) throw new NoCallbackDeliveryError();
    const url = task.callback_url ?? (await getTeam(task.team_id))?.callback_url ?? null;
    if (!url) throw new NoCallbackDeliveryError('Neither this task nor the team has a callback URL any more: set one first.');
    const at = new Date().toISOString();
    await transact([
      ...actorStillAllowedSteps(actor, 'tasks.redeliver_callbacks'),
      redeliverCallbackStep(task.id, task.last_delivery_id),
      callbackOutboxStep({ team_id: task.team_id, task_id: task.id, delivery_id: task.last_delivery_id, url, environment: task.environment, created_at: at }),
      auditStep({
        teamId: task.team_id,
        at,
        actor: actor.audit,
        action: 'task.callback_redelivered',
        target: { type: 'task', id: task.id },
        details: { delivery_id: task.last_delivery_id, url },
      }),
    ]);
    return { task_id: task.id, delivery_id: task.last_delivery_id, url };
  });
}
