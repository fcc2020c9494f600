import { ListQuery } from '../../shared/api/common';
import { CallbackAttemptList, TaskIdParams } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const listTaskCallbacksRoute = route({
  operationId: 'listTaskCallbacks',
  method: 'GET',
  path: '/v1/tasks/{id}/callbacks',
  handler: 'tasks/list-task-callbacks',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  grants: { table: items(['GetItem', 'Query'], ['user', 'task']) },
  summary: "Every attempt of a task's callback deliveries, oldest first",
  tags: ['tasks'],
  schemas: { params: TaskIdParams, query: ListQuery, responses: { 200: CallbackAttemptList } },
});
