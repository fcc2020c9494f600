import { auditStep } from '../../db/audit-events';
import { actorStillAllowedSteps } from '../../db/memberships';
import { callbackOutboxStep } from '../../db/outbox';
import { retryOnContention } from '../../db/retry-on-contention';
import { getScopedTask, redeliverCallbackStep } from '../../db/tasks';
import { getTeam } from '../../db/teams';
import { transact } from '../../db/transact';
import { REDELIVERY_PENDING_MAX_MS } from '../../domain/callback-retry';
import { newId } from '../../domain/ids';
import { NoCallbackDeliveryError, RedeliveryPendingError } from '../../errors';
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
 * 2. A redelivery of it already pending (marked, not yet attempted by the
 *    sender)? Then this request joins it: 202, nothing sent or written —
 *    so a burst makes one extra delivery per attempt the sender makes
 *    meanwhile, not one per request.
 * 3. One transaction: the task's `callback_status` back to `pending` and
 *    its `redelivery_pending` mark set (conditioned on its last delivery
 *    still being that one and no redelivery pending — losers of a race
 *    join the winner as in 2), a new outbox item carrying the same
 *    `delivery_id` and the mark to the URL that resolves now (a team that
 *    fixed its URL gets the callback there), the actor's membership
 *    re-checked, and the audit event.
 */
export function redeliverCallback(actor: TaskActor, taskId: string): Promise<Redelivery> {
  return retryOnContention(async () => {
    const task = await getScopedTask(taskId, taskScopeOf(actor));
    if (!task.last_delivery_id) throw new NoCallbackDeliveryError();
    const url = task.callback_url ?? (await getTeam(task.team_id))?.callback_url ?? null;
    if (!url) throw new NoCallbackDeliveryError('Neither this task nor the team has a callback URL any more: set one first.');
    const now = new Date();
    const at = now.toISOString();
    const joined = { task_id: task.id, delivery_id: task.last_delivery_id, url };
    // A shortcut only (it saves the losers a contended transaction): the transaction's condition decides.
    if (task.redelivery_pending_until && task.redelivery_pending_until > at) return joined;
    const mark = newId('rdl', now.getTime());
    const until = new Date(now.getTime() + REDELIVERY_PENDING_MAX_MS).toISOString();
    try {
      await transact([
        ...actorStillAllowedSteps(actor, 'tasks.redeliver_callbacks'),
        redeliverCallbackStep(task.id, task.last_delivery_id, { mark, now: at, until }),
        callbackOutboxStep({
          team_id: task.team_id,
          task_id: task.id,
          delivery_id: task.last_delivery_id,
          url,
          environment: task.environment,
          created_at: at,
          redelivery: mark,
        }),
        auditStep({
          teamId: task.team_id,
          at,
          actor: actor.audit,
          action: 'task.callback_redelivered',
          target: { type: 'task', id: task.id },
          details: { delivery_id: task.last_delivery_id, url },
        }),
      ]);
    } catch (error) {
      if (error instanceof RedeliveryPendingError) return joined;
      throw error;
    }
    return joined;
  });
}
