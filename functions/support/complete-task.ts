import { supportCompleteTaskRoute } from './complete-task.route';
import { presentTask } from '../../shared/api/task-presenter';
import { defineOperation } from '../../shared/http/operation';
import { completeTask } from '../../shared/use-cases/tasks/complete-task';

export const handler = defineOperation(supportCompleteTaskRoute, async ({ caller, params, body }) => {
  const task = await completeTask({ taskId: params.task_id, response: body.response, by: caller.audit });
  return { status: 200, body: presentTask(task) };
});
