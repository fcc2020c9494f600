import { Task, TaskIdParams } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const getTaskRoute = route({
  operationId: 'getTask',
  method: 'GET',
  path: '/v1/tasks/{id}',
  handler: 'tasks/get-task',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem'], ['user', 'task']) },
  summary: 'A task (an API key sees its own environment\'s tasks only)',
  tags: ['tasks'],
  schemas: { params: TaskIdParams, responses: { 200: Task } },
});
