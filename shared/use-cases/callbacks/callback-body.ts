import { presentTask } from '../../api/tasks';
import { getTaskItem } from '../../db/tasks';
import type { CallbackBodyReader } from './deliver-callback';

/** The task as the contract shows it, read fresh for every attempt (a redelivery shows the task as it is now). */
export const readCallbackBody: CallbackBodyReader = async (taskId) => {
  const task = await getTaskItem(taskId);
  if (!task || task.status !== 'completed') return null;
  return { task: presentTask(task), response: task.response };
};
