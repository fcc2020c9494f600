import { presentTask } from '../../api/task-presenter';
import { getTasksAndKeyStamps } from '../../db/callback-key-stamps';
import type { CallbackBodiesReader, CallbackContent } from './deliver-callback';

/**
 * The tasks as the contract shows them, read fresh for every attempt (a
 * redelivery shows the task as it is now), a batch's in one read — with
 * their teams' key rotation stamps, so a key rotated since it was cached is
 * read again. A task that is gone, or not completed, has no body.
 */
export const readCallbackBodies: CallbackBodiesReader = async (reads) => {
  const found = await getTasksAndKeyStamps(reads);
  const bodies = new Map<string, CallbackContent>();
  for (const { task, keysRotatedAt } of found.values()) {
    if (task.status === 'completed') bodies.set(task.id, { task: presentTask(task), response: task.response, keysRotatedAt });
  }
  return bodies;
};
