import { AmendTaskBody, Task, TaskIdParams } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const amendTaskRoute = route({
  operationId: 'amendTask',
  method: 'PATCH',
  path: '/v1/tasks/{id}',
  handler: 'tasks/amend-task',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'task']) },
  summary: "Amend a pending task's instruction, params, metadata or callback URL",
  tags: ['tasks'],
  errors: [409],
  schemas: { params: TaskIdParams, body: AmendTaskBody, responses: { 200: Task } },
});
