import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import type { KeyEnvironment } from '../domain/api-keys';
import type { TaskType } from '../domain/task-types';
import { ConcurrentChangeError, DuplicateUniqueIdError, NotFoundError, RedeliveryPendingError, TaskNotPendingError, ValidationError } from '../errors';
import { batchGetItems } from './batch-items';
import { testTaskOutboxStep } from './outbox';
import { keys, TABLE_NAME } from './table';
import { teamOpenStep } from './teams';
import type { TransactStep } from './transact';
import { buildUpdate } from './update-expression';

/**
 * Tasks. One partition per task (`TASK#<id>` / `TASK`), so no team-wide hot
 * key; a team's listing goes through GSI1 over TASK_INDEX_SHARDS shards
 * (`task-listing.ts`). A `unique_id` is held by a claim item
 * (`TASKUID#<team>#<unique_id>`) written in the create transaction.
 * Attributes are the contract's fields, plus who created and completed it
 * and the last callback delivery's id (what redeliver repeats).
 */
export type TaskStatus = 'pending' | 'completed' | 'canceled';
export type CallbackStatus = 'none' | 'pending' | 'succeeded' | 'failed';

export interface TaskRecord {
  id: string;
  team_id: string;
  type: TaskType;
  project: string | null;
  status: TaskStatus;
  environment: KeyEnvironment;
  params: Record<string, unknown>;
  metadata: Record<string, unknown>;
  instruction: string | null;
  callback_url: string | null;
  unique_id: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  response: Record<string, unknown> | null;
  callback_status: CallbackStatus;
  created_by: AuditActor;
  /** Who completed it (support's id, or the platform for test tasks). */
  completed_by: AuditActor | null;
  canceled_at: string | null;
  /** The `webhook-id` of the completion's callback; redeliver sends it again. */
  last_delivery_id: string | null;
  /** Until when a manual redelivery is pending (not yet attempted), during which further redelivers coalesce into it. */
  redelivery_pending_until?: string;
}

export function taskToItem(task: TaskRecord): Record<string, unknown> {
  // No entity `type` marker here: `type` is the task's own type, a contract field.
  return { ...keys.task(task.id), ...keys.teamTaskIndex(task.team_id, task.id, task.created_at), ...task };
}

export function taskFromItem(item: Record<string, unknown>): TaskRecord {
  const i = item as unknown as TaskRecord;
  return {
    id: i.id,
    team_id: i.team_id,
    type: i.type,
    project: i.project ?? null,
    status: i.status,
    environment: i.environment,
    params: i.params ?? {},
    metadata: i.metadata ?? {},
    instruction: i.instruction ?? null,
    callback_url: i.callback_url ?? null,
    unique_id: i.unique_id ?? null,
    created_at: i.created_at,
    updated_at: i.updated_at,
    completed_at: i.completed_at ?? null,
    response: i.response ?? null,
    callback_status: i.callback_status ?? 'none',
    created_by: i.created_by,
    completed_by: i.completed_by ?? null,
    canceled_at: i.canceled_at ?? null,
    last_delivery_id: i.last_delivery_id ?? null,
    // Only while a redelivery is pending: a task record is otherwise what it was when created.
    ...(i.redelivery_pending_until ? { redelivery_pending_until: i.redelivery_pending_until } : {}),
  };
}

// ---------------------------------------------------------------- reads

/** A task by id, whatever its team (strongly consistent): callers scope it (`inScope`). */
export async function getTaskItem(taskId: string): Promise<TaskRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.task(taskId), ConsistentRead: true }));
  return Item ? taskFromItem(Item) : null;
}

/** Several tasks in one read (the callback sender's batch): those that exist, by id. */
export async function getTaskItems(taskIds: readonly string[]): Promise<Map<string, TaskRecord>> {
  const items = await batchGetItems(taskIds.map((id) => keys.task(id)));
  return new Map(items.map((item) => [item.id as string, taskFromItem(item)]));
}

/**
 * Which tasks a caller may see: its team's, and for an API key only those of
 * the key's environment (a test key never touches live work). Anything else
 * is "not found", never "forbidden".
 */
export interface TaskScope {
  teamId: string;
  environment?: KeyEnvironment;
}

export function inScope(task: Pick<TaskRecord, 'team_id' | 'environment'> | null | undefined, scope: TaskScope): boolean {
  return !!task && task.team_id === scope.teamId && (!scope.environment || task.environment === scope.environment);
}

/** A task the caller may see, or 404. */
export async function getScopedTask(taskId: string, scope: TaskScope): Promise<TaskRecord> {
  const task = await getTaskItem(taskId);
  if (!task || !inScope(task, scope)) throw new NotFoundError('task');
  return task;
}

/** The task holding a team's `unique_id`, if any. */
export async function taskIdForUniqueId(teamId: string, uniqueId: string): Promise<string | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.taskUniqueId(teamId, uniqueId), ConsistentRead: true }));
  return (Item?.task_id as string | undefined) ?? null;
}

// ---------------------------------------------------------------- writes

/**
 * Creating a task: the task, its `unique_id` claim (409 with the holder's
 * id), a check that its project exists and that the team is open, and for a
 * test task the outbox item that gets it completed — one transaction.
 */
export function createTaskSteps(task: TaskRecord): TransactStep[] {
  const steps: TransactStep[] = [
    teamOpenStep(task.team_id),
    {
      item: { Put: { TableName: TABLE_NAME, Item: taskToItem(task), ConditionExpression: 'attribute_not_exists(PK)' } },
    },
  ];
  if (task.unique_id !== null) {
    steps.push({
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...keys.taskUniqueId(task.team_id, task.unique_id), task_id: task.id, team_id: task.team_id, created_at: task.created_at },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: (current) => new DuplicateUniqueIdError(String(current?.task_id ?? '')),
    });
  }
  if (task.project !== null) {
    steps.push({
      item: { ConditionCheck: { TableName: TABLE_NAME, Key: keys.project(task.team_id, task.project), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () =>
        new ValidationError('This team has no project of that name: create it first.', [{ location: 'body', path: 'project', message: 'no such project' }]),
    });
  }
  if (task.environment === 'test') {
    steps.push(testTaskOutboxStep({ team_id: task.team_id, task_id: task.id, created_at: task.created_at }));
  }
  return steps;
}

/** The condition of every change to a pending task, and the error its failure means (told from the item as it was). */
function pendingTaskUpdate(
  taskId: string,
  scope: TaskScope | null,
  update: ReturnType<typeof buildUpdate>,
): TransactStep {
  const scopeCondition = scope ? ' AND team_id = :scopeTeam' + (scope.environment ? ' AND environment = :scopeEnv' : '') : '';
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.task(taskId),
        UpdateExpression: update.UpdateExpression,
        ConditionExpression: `attribute_exists(PK) AND #taskStatus = :pendingStatus${scopeCondition}`,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#taskStatus': 'status' },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':pendingStatus': 'pending',
          ...(scope ? { ':scopeTeam': scope.teamId } : {}),
          ...(scope?.environment ? { ':scopeEnv': scope.environment } : {}),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => {
      if (!current || (scope && !inScope(taskFromItem(current), scope))) return new NotFoundError('task');
      return new TaskNotPendingError(String(current.status));
    },
  };
}

export type TaskAmendment = Partial<Pick<TaskRecord, 'instruction' | 'params' | 'metadata' | 'callback_url'>>;

/** Amending a pending task of the caller's (404 otherwise; 409 `task_not_pending` once it is not). */
export function amendTaskStep(taskId: string, scope: TaskScope, amendment: TaskAmendment, at: string): TransactStep {
  return pendingTaskUpdate(taskId, scope, buildUpdate({ ...amendment, updated_at: at }));
}

export function cancelTaskStep(taskId: string, scope: TaskScope, at: string): TransactStep {
  return pendingTaskUpdate(taskId, scope, buildUpdate({ status: 'canceled', canceled_at: at, updated_at: at }));
}

export interface TaskCompletion {
  response: Record<string, unknown>;
  completed_at: string;
  completed_by: AuditActor;
  callback_status: 'none' | 'pending';
  last_delivery_id: string | null;
}

/** pending → completed: the one write that completes a task (see `completeTask`). */
export function completeTaskStep(taskId: string, completion: TaskCompletion): TransactStep {
  return pendingTaskUpdate(
    taskId,
    null,
    buildUpdate({ ...completion, status: 'completed', updated_at: completion.completed_at }),
  );
}

/**
 * A redelivery puts the callback back to `pending` and marks the task
 * `redelivery_pending` (the mark: `mark`, until `until`), as long as the
 * task's last delivery is still the one repeated and no other redelivery
 * is pending — the condition, not a prior read, is what lets only one of
 * concurrent redelivers through. The others fail it with
 * RedeliveryPendingError (the mark is there) and send nothing.
 */
export function redeliverCallbackStep(taskId: string, deliveryId: string, pending: { mark: string; now: string; until: string }): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.task(taskId),
        UpdateExpression: 'SET callback_status = :pending, redelivery_pending = :mark, redelivery_pending_until = :until',
        ConditionExpression: 'last_delivery_id = :delivery AND (attribute_not_exists(redelivery_pending) OR redelivery_pending_until < :now)',
        ExpressionAttributeValues: { ':pending': 'pending', ':delivery': deliveryId, ':mark': pending.mark, ':until': pending.until, ':now': pending.now },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) =>
      current?.last_delivery_id === deliveryId && typeof current.redelivery_pending === 'string'
        ? new RedeliveryPendingError()
        : new ConcurrentChangeError(),
  };
}
