import { CreateTaskBody, Task } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const createTaskRoute = route({
  operationId: 'createTask',
  method: 'POST',
  path: '/v1/tasks',
  handler: 'tasks/create-task',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  // PutItem on OUTBOX#: a test task's completion is scheduled in the create transaction.
  grants: { table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team', 'task', 'taskUniqueId', 'outbox']) },
  summary: "Create a task (an API key's environment is the task's; a user's tasks are live unless asked for test)",
  tags: ['tasks'],
  errors: [409],
  schemas: { body: CreateTaskBody, responses: { 201: Task } },
});
