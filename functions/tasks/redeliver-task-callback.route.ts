import { Redelivery, TaskIdParams } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const redeliverTaskCallbackRoute = route({
  operationId: 'redeliverTaskCallback',
  method: 'POST',
  path: '/v1/tasks/{id}/callbacks/redeliver',
  handler: 'tasks/redeliver-task-callback',
  auth: 'user_or_key',
  permission: 'tasks.redeliver_callbacks',
  // PutItem on OUTBOX# (the delivery again) and TEAM# (its audit event).
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team', 'task', 'outbox']) },
  summary: "Send a completed task's callback again, with the same webhook-id (409 no_callback_delivery if it never had one)",
  tags: ['tasks'],
  errors: [409],
  schemas: { params: TaskIdParams, responses: { 202: Redelivery } },
});
