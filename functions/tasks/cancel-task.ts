import { cancelTaskRoute } from './cancel-task.route';
import { presentTask } from '../../shared/api/task-presenter';
import { defineOperation } from '../../shared/http/operation';
import { cancelTask } from '../../shared/use-cases/tasks/change-task';

export const handler = defineOperation(cancelTaskRoute, async ({ caller, params }) => {
  return { status: 200, body: presentTask(await cancelTask(caller, params.id)) };
});
