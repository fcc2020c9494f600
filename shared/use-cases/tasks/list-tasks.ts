import { listTeamTasks, type TaskFilters } from '../../db/task-listing';
import type { TaskRecord } from '../../db/tasks';
import { environmentFor, taskScopeOf, type TaskActor } from './task-actor';

/**
 * A team's tasks, newest first, filtered by status, project, environment or
 * unique_id. An API key lists its own environment's tasks only (asking for
 * the other one is a 400, as on create).
 */
export function listTasks(
  actor: TaskActor,
  filters: TaskFilters,
  limit: number,
  nextToken?: string,
): Promise<{ items: TaskRecord[]; nextToken: string | null }> {
  const environment = environmentFor(actor, filters.environment, undefined);
  return listTeamTasks(taskScopeOf(actor), { ...filters, environment }, limit, nextToken);
}
