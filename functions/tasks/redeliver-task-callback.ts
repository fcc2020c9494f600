import { redeliverTaskCallbackRoute } from './redeliver-task-callback.route';
import { defineOperation } from '../../shared/http/operation';
import { redeliverCallback } from '../../shared/use-cases/tasks/redeliver-callback';

export const handler = defineOperation(redeliverTaskCallbackRoute, async ({ caller, params }) => {
  const redelivery = await redeliverCallback(caller, params.id);
  return { status: 202, body: { task_id: redelivery.task_id, delivery_id: redelivery.delivery_id, callback_status: 'pending' as const } };
});
