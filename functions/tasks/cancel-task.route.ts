import { Task, TaskIdParams } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const cancelTaskRoute = route({
  operationId: 'cancelTask',
  method: 'POST',
  path: '/v1/tasks/{id}/cancel',
  handler: 'tasks/cancel-task',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'task']) },
  summary: 'Cancel a pending task',
  tags: ['tasks'],
  errors: [409],
  schemas: { params: TaskIdParams, responses: { 200: Task } },
});
