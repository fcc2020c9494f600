import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { KeyEnvironment } from '../domain/api-keys';
import { decodeCursorPayload, encodeCursor, MAX_CURSOR_KEY_BYTES } from './cursor';
import { TASK_INDEX_SHARDS } from './keys';
import { mergeShards, type ShardPosition } from './sharded-listing';
import { GSI1, keys, TABLE_NAME } from './table';
import { getTaskItem, inScope, taskFromItem, taskIdForUniqueId, type TaskRecord, type TaskScope, type TaskStatus } from './tasks';

export interface TaskFilters {
  status?: TaskStatus;
  project?: string;
  environment?: KeyEnvironment;
  unique_id?: string;
}

/**
 * A task-list cursor: the team it was given to and each shard's position.
 * Checked whole before use: another team's, another list's or a forged
 * cursor is a 400.
 */
interface TaskCursor {
  team: string;
  pos: ShardPosition[];
}

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#task_[0-9a-z]{1,64}$/;

function isTaskCursor(teamId: string) {
  return (value: unknown): value is TaskCursor => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const { team, pos, ...rest } = value as Record<string, unknown>;
    return (
      Object.keys(rest).length === 0 &&
      team === teamId &&
      Array.isArray(pos) &&
      pos.length === TASK_INDEX_SHARDS &&
      pos.every((p) => p === null || p === false || (typeof p === 'string' && p.length <= MAX_CURSOR_KEY_BYTES && SORT_KEY.test(p)))
    );
  };
}

const sortKeyOf = (task: TaskRecord) => keys.teamTaskIndex(task.team_id, task.id, task.created_at).GSI1SK;

/** The filters a query applies (status, project, environment) as one FilterExpression. */
function filterExpression(filters: TaskFilters) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses: string[] = [];
  for (const field of ['status', 'project', 'environment'] as const) {
    const value = filters[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    clauses.push(`#${field} = :${field}`);
  }
  return clauses.length
    ? { FilterExpression: clauses.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values }
    : { ExpressionAttributeValues: {} };
}

const matches = (task: TaskRecord, filters: TaskFilters) =>
  (['status', 'project', 'environment'] as const).every((f) => filters[f] === undefined || task[f] === filters[f]);

/**
 * A team's tasks, newest first, filtered: the TASK_INDEX_SHARDS shards of
 * GSI1 (`TEAMTASKS#<team>#<shard>`, sort key `<created_at>#<id>`) queried
 * newest first and merged (`mergeShards`), at most 4 queries per shard a
 * page. A `unique_id` filter reads its claim item instead: one task or none.
 */
export async function listTeamTasks(
  scope: TaskScope,
  filters: TaskFilters,
  limit: number,
  nextToken?: string,
): Promise<{ items: TaskRecord[]; nextToken: string | null }> {
  const cursor = nextToken ? decodeCursorPayload(nextToken, isTaskCursor(scope.teamId)) : undefined;
  if (filters.unique_id !== undefined) {
    // One task at most: there is no second page, so any cursor is from another list.
    const taskId = cursor ? null : await taskIdForUniqueId(scope.teamId, filters.unique_id);
    const task = taskId ? await getTaskItem(taskId) : null;
    return { items: task && inScope(task, scope) && matches(task, filters) ? [task] : [], nextToken: null };
  }
  const filter = filterExpression(filters);
  const { items, positions } = await mergeShards({
    positions: cursor?.pos ?? Array.from({ length: TASK_INDEX_SHARDS }, () => null),
    limit,
    sortKey: sortKeyOf,
    maxQueries: 4 * TASK_INDEX_SHARDS,
    query: async (shard, below, pageLimit) => {
      const { Items = [], LastEvaluatedKey } = await dynamo.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: GSI1,
          KeyConditionExpression: below === null ? 'GSI1PK = :pk' : 'GSI1PK = :pk AND GSI1SK < :below',
          ...filter,
          ExpressionAttributeValues: {
            ...filter.ExpressionAttributeValues,
            ':pk': keys.teamTaskShard(scope.teamId, shard),
            ...(below === null ? {} : { ':below': below }),
          },
          ScanIndexForward: false,
          Limit: pageLimit,
        }),
      );
      return { items: Items.map(taskFromItem), scannedTo: (LastEvaluatedKey?.GSI1SK as string | undefined) ?? null };
    },
  });
  return { items, nextToken: positions ? encodeCursor({ team: scope.teamId, pos: positions } satisfies TaskCursor) : null };
}
