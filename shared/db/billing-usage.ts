import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { addUsage, emptyUsage, isBillable, usageShard, USAGE_SHARDS, type Usage } from '../domain/billing';
import { periodOf, type Period } from '../domain/billing-periods';
import { isTaskType, priceOf } from '../domain/task-types';
import { ConflictError } from '../errors';
import { GSI1, keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';

/**
 * Usage metering. Counters are sharded (`USAGE_SHARDS` partitions per team,
 * the shard a hash of the task id) and summed on read:
 * - `USAGE#<team>#<shard>` / `LIFETIME`: `tasks`, `amount` (cents);
 * - `USAGE#<team>#<shard>` / `MONTH#<yyyy-mm>`: the same for one month, plus
 *   `tasks__<type>` / `amount__<type>` per task type (an invoice's lines),
 *   and GSI1 keys `USAGEMONTH#<yyyy-mm>#<shard>` / `TEAM#<team>`: the index of
 *   teams with usage in a month that closing a period reads.
 * Only `ADD`s and idempotent `SET`s: concurrent completions never overwrite
 * each other's counts.
 */
export interface MeteringInput {
  teamId: string;
  taskId: string;
  type: string;
  environment: string;
  /** When the task completed: it is billed in that month (UTC). */
  completedAt: string;
}

// Every name is a placeholder: no attribute can ever collide with a reserved word.
const COUNTER_NAMES = { '#team': 'team_id', '#tasks': 'tasks', '#amount': 'amount' };
const typeTasks = (type: string) => `tasks__${type}`;
const typeAmount = (type: string) => `amount__${type}`;

/** A second completion's marker write: the task was already billed. */
export class TaskAlreadyBilledError extends ConflictError {
  constructor() {
    super('task_not_pending', 'This task is no longer pending: it was already completed.');
  }
}

/**
 * The steps that bill one completed task, for the completion's own
 * transaction: the per-task marker (`attribute_not_exists`, so a task is
 * billed once however often completion is retried or raced) and the ADDs to
 * its shard's lifetime and month counters. Test tasks (and anything not
 * live) are never billed: no steps.
 */
export function meteringSteps(input: MeteringInput): TransactStep[] {
  if (!isBillable({ environment: input.environment })) return [];
  if (!isTaskType(input.type)) throw new Error(`cannot bill unknown task type ${input.type}`);
  const price = priceOf(input.type).amount;
  const shard = usageShard(input.taskId);
  const period = periodOf(input.completedAt);
  const counts = { ':one': 1, ':price': price };
  return [
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: {
            ...keys.billedTask(input.taskId),
            type: 'billed_task',
            team_id: input.teamId,
            task_id: input.taskId,
            task_type: input.type,
            amount: price,
            period,
            billed_at: input.completedAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new TaskAlreadyBilledError(),
    },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.usageLifetime(input.teamId, shard),
          UpdateExpression: 'SET #team = :team ADD #tasks :one, #amount :price',
          ExpressionAttributeNames: COUNTER_NAMES,
          ExpressionAttributeValues: { ...counts, ':team': input.teamId },
        },
      },
    },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.usageMonth(input.teamId, shard, period),
          UpdateExpression:
            'SET #team = :team, #period = :period, GSI1PK = :gpk, GSI1SK = :gsk ADD #tasks :one, #amount :price, #tt :one, #ta :price',
          ExpressionAttributeNames: { ...COUNTER_NAMES, '#period': 'period', '#tt': typeTasks(input.type), '#ta': typeAmount(input.type) },
          ExpressionAttributeValues: {
            ...counts,
            ':team': input.teamId,
            ':period': period,
            ':gpk': keys.usageMonthIndex(period, shard, input.teamId).GSI1PK,
            ':gsk': keys.usageMonthIndex(period, shard, input.teamId).GSI1SK,
          },
        },
      },
    },
  ];
}

/** One counter item as usage; per-type attributes become `by_type`. */
function usageFromItem(item: Record<string, unknown> | undefined): Usage {
  if (!item) return emptyUsage();
  const usage: Usage = { tasks: Number(item.tasks ?? 0), amount: Number(item.amount ?? 0), by_type: {} };
  for (const [name, value] of Object.entries(item)) {
    const m = /^tasks__(.+)$/.exec(name);
    if (m) usage.by_type[m[1]!] = { tasks: Number(value), amount: Number(item[typeAmount(m[1]!)] ?? 0) };
  }
  return usage;
}

const shards = () => Array.from({ length: USAGE_SHARDS }, (_, shard) => shard);

async function getUsageItem(key: { PK: string; SK: string }): Promise<Usage> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: key, ConsistentRead: true }));
  return usageFromItem(Item);
}

/** A team's lifetime usage: the sum of its shards. */
export async function readLifetimeUsage(teamId: string): Promise<Usage> {
  const parts = await Promise.all(shards().map((s) => getUsageItem(keys.usageLifetime(teamId, s))));
  return parts.reduce(addUsage, emptyUsage());
}

/** A team's usage in one month: the sum of its shards. */
export async function readMonthUsage(teamId: string, period: Period): Promise<Usage> {
  const parts = await Promise.all(shards().map((s) => getUsageItem(keys.usageMonth(teamId, s, period))));
  return parts.reduce(addUsage, emptyUsage());
}

/**
 * A team's usage recorded in every month up to and including `period`: one
 * consistent Query per shard over its month items (at most one per month
 * the team has existed). Each counter only grows, so a later read never
 * sees less than an earlier one — what makes invoicing exact without a
 * snapshot (see README, "Invoices").
 */
export async function readUsageThrough(teamId: string, period: Period): Promise<Usage> {
  const perShard = await Promise.all(
    shards().map(async (shard) => {
      let total = emptyUsage();
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await dynamo.send(
          new QueryCommand({
            TableName: TABLE_NAME,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.usageMonth(teamId, shard, period).PK,
              ':from': keys.usageMonthPrefix(),
              ':to': keys.usageMonth(teamId, shard, period).SK,
            },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        total = Items.map(usageFromItem).reduce(addUsage, total);
        startKey = LastEvaluatedKey;
      } while (startKey);
      return total;
    }),
  );
  return perShard.reduce(addUsage, emptyUsage());
}

/** The teams with usage recorded in a month, from the month index (GSI1), never a scan. */
export async function teamsWithUsageIn(period: Period): Promise<string[]> {
  const found = new Set<string>();
  await Promise.all(
    shards().map(async (shard) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const { Items = [], LastEvaluatedKey } = await dynamo.send(
          new QueryCommand({
            TableName: TABLE_NAME,
            IndexName: GSI1,
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.usageMonthIndexPartition(period, shard) },
            ProjectionExpression: 'team_id',
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of Items) found.add(String(item.team_id));
        startKey = LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return [...found].sort();
}
