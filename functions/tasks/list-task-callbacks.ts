import { listTaskCallbacksRoute } from './list-task-callbacks.route';
import { listCallbackAttempts } from '../../shared/db/callback-attempts';
import { getScopedTask } from '../../shared/db/tasks';
import { defineOperation } from '../../shared/http/operation';
import { taskScopeOf } from '../../shared/use-cases/tasks/task-actor';

export const handler = defineOperation(listTaskCallbacksRoute, async ({ caller, params, query }) => {
  const task = await getScopedTask(params.id, taskScopeOf(caller));
  const page = await listCallbackAttempts(task.id, query.limit, query.next_token);
  return { status: 200, body: { items: page.items, next_token: page.nextToken } };
});
