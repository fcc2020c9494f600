import { ListTasksQuery, TaskList } from '../../shared/api/tasks';
import { items, route } from '../../shared/http/route';

export const listTasksRoute = route({
  operationId: 'listTasks',
  method: 'GET',
  path: '/v1/tasks',
  handler: 'tasks/list-tasks',
  auth: 'user_or_key',
  permission: 'tasks.manage',
  // Query on GSI1: the team's task index shards.
  grants: { table: items(['GetItem'], ['user', 'task', 'taskUniqueId'], { queriesIndex: true }) },
  summary: "The team's tasks, newest first, by status, project, environment or unique_id",
  tags: ['tasks'],
  schemas: { query: ListTasksQuery, responses: { 200: TaskList } },
});
