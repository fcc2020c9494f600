import type { KeyEnvironment } from '../domain/api-keys';
import { batchGetItems } from './batch-items';
import { PARTITION } from './keys';
import { keys, TABLE_NAME } from './table';
import { taskFromItem, type TaskRecord } from './tasks';
import type { TransactStep } from './transact';

/**
 * A rotation's stamp: when the team's key of that environment was rotated.
 * The sender caches the secret itself (never one Secrets Manager call per
 * callback) and reads the stamp with the tasks it delivers — the same
 * BatchGetItem, no extra round trip — so a cached key older than the stamp
 * is fetched again and a rotation holds from the very next callback.
 */
export function callbackKeyStampStep(teamId: string, environment: KeyEnvironment, rotatedAt: string): TransactStep {
  return { item: { Put: { TableName: TABLE_NAME, Item: { ...keys.callbackKeyStamp(teamId, environment), rotated_at: rotatedAt } } } };
}

export interface CallbackRead {
  taskId: string;
  teamId: string;
  environment: KeyEnvironment;
}

/** The tasks (those found) and, for each, when its team's key of its environment was last rotated (null: never). */
export async function getTasksAndKeyStamps(reads: readonly CallbackRead[]): Promise<Map<string, { task: TaskRecord; keysRotatedAt: string | null }>> {
  const items = await batchGetItems([
    ...reads.map((read) => keys.task(read.taskId)),
    ...reads.map((read) => keys.callbackKeyStamp(read.teamId, read.environment)),
  ]);
  const stamps = new Map(items.filter((item) => item.PK.startsWith(PARTITION.teamCallbackSlot)).map((item) => [`${item.PK} ${item.SK}`, item.rotated_at as string]));
  const found = new Map<string, { task: TaskRecord; keysRotatedAt: string | null }>();
  for (const item of items.filter((found) => found.PK.startsWith(PARTITION.task))) {
    const task = taskFromItem(item);
    const stamp = keys.callbackKeyStamp(task.team_id, task.environment);
    found.set(task.id, { task, keysRotatedAt: stamps.get(`${stamp.PK} ${stamp.SK}`) ?? null });
  }
  return found;
}
