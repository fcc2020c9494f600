import { getTaskRoute } from './get-task.route';
import { presentTask } from '../../shared/api/task-presenter';
import { getScopedTask } from '../../shared/db/tasks';
import { defineOperation } from '../../shared/http/operation';
import { taskScopeOf } from '../../shared/use-cases/tasks/task-actor';

export const handler = defineOperation(getTaskRoute, async ({ caller, params }) => {
  return { status: 200, body: presentTask(await getScopedTask(params.id, taskScopeOf(caller))) };
});
