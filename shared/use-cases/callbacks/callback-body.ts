import { presentTask } from '../../api/task-presenter';
import { getTaskItems } from '../../db/tasks';
import type { CallbackBodiesReader } from './deliver-callback';

/**
 * The tasks as the contract shows them, read fresh for every attempt (a
 * redelivery shows the task as it is now), a batch's in one read. A task
 * that is gone, or not completed, has no body.
 */
export const readCallbackBodies: CallbackBodiesReader = async (taskIds) => {
  const tasks = await getTaskItems(taskIds);
  const bodies = new Map<string, CallbackContent>();
  for (const task of tasks.values()) if (task.status === 'completed') bodies.set(task.id, { task: presentTask(task), response: task.response });
  return bodies;
};

type CallbackContent = { task: unknown; response: unknown };
