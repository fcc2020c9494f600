import type * as z from 'zod/mini';
import type { TaskRecord } from '../db/tasks';
import type { Task } from './tasks';

// Apart from the schemas: the callback sender presents tasks, and needs none of them.
/** A task as the contract shows it: internal attributes (keys, who created or completed it) never leave. */
export function presentTask(task: TaskRecord): z.infer<typeof Task> {
  return {
    id: task.id,
    type: task.type,
    project: task.project,
    status: task.status,
    environment: task.environment,
    params: task.params,
    metadata: task.metadata,
    instruction: task.instruction,
    callback_url: task.callback_url,
    unique_id: task.unique_id,
    created_at: task.created_at,
    updated_at: task.updated_at,
    completed_at: task.completed_at,
    response: task.response,
    callback_status: task.callback_status,
  };
}
