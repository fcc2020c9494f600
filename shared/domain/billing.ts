import { createHash } from 'node:crypto';

/**
 * Billing rules: what a finished task costs, how usage is spread over
 * counter shards, and what an invoice is made of. Money is integer cents,
 * in one currency.
 */
export const CURRENCY = 'USD' as const;

export interface Money {
  amount: number;
  currency: typeof CURRENCY;
}

export const money = (cents: number): Money => ({ amount: cents, currency: CURRENCY });

export type Plan = 'on_demand' | 'enterprise';
export const PLANS = ['on_demand', 'enterprise'] as const satisfies readonly Plan[];

/**
 * Usage counters are split over this many items (shards), each in its own
 * partition, and summed on read. A task always lands on the same shard (a
 * hash of its id), so a busy team's completions spread evenly: 8 partitions
 * take 8 × 1,000 writes/s before any one of them is hot, and two completions
 * of different tasks contend on the same counter item one time in 8.
 */
export const USAGE_SHARDS = 8;

export function usageShard(taskId: string): number {
  return createHash('sha256').update(taskId).digest().readUInt32BE(0) % USAGE_SHARDS;
}

/** Only completed live tasks are billed; test tasks never, canceled ones never complete. */
export function isBillable(task: { environment: string; status?: string }): boolean {
  return task.environment === 'live' && (task.status === undefined || task.status === 'completed');
}

/** Usage of one task type: how many finished, for how much. */
export interface TypeUsage {
  tasks: number;
  amount: number;
}

/** Usage totals with their split by task type. */
export interface Usage extends TypeUsage {
  by_type: Record<string, TypeUsage>;
}

export const emptyUsage = (): Usage => ({ tasks: 0, amount: 0, by_type: {} });

export function addUsage(a: Usage, b: Usage): Usage {
  const by_type: Record<string, TypeUsage> = { ...a.by_type };
  for (const [type, u] of Object.entries(b.by_type)) {
    const prev = by_type[type] ?? { tasks: 0, amount: 0 };
    by_type[type] = { tasks: prev.tasks + u.tasks, amount: prev.amount + u.amount };
  }
  return { tasks: a.tasks + b.tasks, amount: a.amount + b.amount, by_type };
}

/**
 * What is left to invoice: usage recorded so far minus what earlier invoices
 * already billed, per type. Counters only grow, and an invoice records
 * exactly the usage it read, so this is never negative and nothing is
 * billed twice or lost (see shared/db/README.md, "Invoices").
 */
export function uninvoiced(recorded: Usage, invoiced: Usage): Usage {
  const by_type: Record<string, TypeUsage> = {};
  for (const [type, u] of Object.entries(recorded.by_type)) {
    const done = invoiced.by_type[type] ?? { tasks: 0, amount: 0 };
    const left = { tasks: u.tasks - done.tasks, amount: u.amount - done.amount };
    if (left.tasks > 0 || left.amount > 0) by_type[type] = left;
  }
  return { tasks: recorded.tasks - invoiced.tasks, amount: recorded.amount - invoiced.amount, by_type };
}

export interface LineItem {
  task_type: string;
  tasks_finished: number;
  amount: Money;
}

/** An invoice's lines: one per task type, in name order. */
export function lineItems(usage: Usage): LineItem[] {
  return Object.entries(usage.by_type)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([task_type, u]) => ({ task_type, tasks_finished: u.tasks, amount: money(u.amount) }));
}

/** `$1,234.50` — for documents and emails; the API answers cents. */
export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
