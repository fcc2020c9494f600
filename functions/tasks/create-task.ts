import { createTaskRoute } from './create-task.route';
import { presentTask } from '../../shared/api/task-presenter';
import { envFlag } from '../../shared/config';
import { defineOperation } from '../../shared/http/operation';
import { createTask } from '../../shared/use-cases/tasks/create-task';

// Only the local stack sets this: deployed stages never call back to loopback.
const urlPolicy = { allowLoopbackHttp: envFlag('ALLOW_LOOPBACK_CALLBACKS') };

export const handler = defineOperation(createTaskRoute, async ({ caller, body }) => {
  return { status: 201, body: presentTask(await createTask(caller, body, urlPolicy)) };
});
