import { listTasksRoute } from './list-tasks.route';
import { presentTask } from '../../shared/api/task-presenter';
import { defineOperation } from '../../shared/http/operation';
import { listTasks } from '../../shared/use-cases/tasks/list-tasks';

export const handler = defineOperation(listTasksRoute, async ({ caller, query }) => {
  const { limit, next_token, ...filters } = query;
  const page = await listTasks(caller, filters, limit, next_token);
  return { status: 200, body: { items: page.items.map(presentTask), next_token: page.nextToken } };
});
