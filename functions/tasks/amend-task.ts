import { amendTaskRoute } from './amend-task.route';
import { presentTask } from '../../shared/api/task-presenter';
import { envFlag } from '../../shared/config';
import { defineOperation } from '../../shared/http/operation';
import { amendTask } from '../../shared/use-cases/tasks/change-task';

// Only the local stack sets this: deployed stages never call back to loopback.
const urlPolicy = { allowLoopbackHttp: envFlag('ALLOW_LOOPBACK_CALLBACKS') };

export const handler = defineOperation(amendTaskRoute, async ({ caller, params, body }) => {
  return { status: 200, body: presentTask(await amendTask(caller, params.id, body, urlPolicy)) };
});
