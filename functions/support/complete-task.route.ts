import { CompleteTaskBody, SupportTaskIdParams, Task } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const supportCompleteTaskRoute = route({
  operationId: 'supportCompleteTask',
  method: 'POST',
  path: '/support/tasks/{task_id}/complete',
  handler: 'support/complete-task',
  auth: 'support',
  // GetItem on TEAM#: the team's callback URL; PutItem on OUTBOX#: the callback, in the completing transaction.
  grants: { table: items(['GetItem', 'UpdateItem', 'PutItem'], ['task', 'team', 'outbox']) },
  summary: "The labeling team's completion of a pending task: its callback (and, for live tasks, billing) follow",
  tags: ['support'],
  errors: [409],
  schemas: { params: SupportTaskIdParams, body: CompleteTaskBody, responses: { 200: Task } },
});
