import { getTaskItem } from '../../db/tasks';
import { placeholderResponse } from '../../domain/task-types';
import { TaskNotPendingError } from '../../errors';
import { completeTask } from './complete-task';

/**
 * The platform completes a test task with its type's placeholder response.
 * Idempotent: a message received again, or a task completed or canceled
 * meanwhile, is done — not an error to retry. Live tasks are never touched.
 */
export async function completeTestTask(teamId: string, taskId: string): Promise<'completed' | 'skipped'> {
  const task = await getTaskItem(taskId);
  if (!task || task.team_id !== teamId || task.environment !== 'test' || task.status !== 'pending') return 'skipped';
  try {
    await completeTask({ taskId, response: placeholderResponse(task.type), by: { type: 'system', id: 'platform' } });
    return 'completed';
  } catch (error) {
    if (error instanceof TaskNotPendingError) return 'skipped';
    throw error;
  }
}
