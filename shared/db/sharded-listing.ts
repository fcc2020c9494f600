/**
 * Reading one list that is spread over several index partitions (shards),
 * newest first, as if it were one: a k-way merge of the shards' own
 * newest-first queries. Pure (the query is passed in), so the merge is
 * unit-tested without a database.
 *
 * Each shard has a position: `null` (from its newest item), a sort key
 * (everything at or above it is done: continue strictly below it), or
 * `false` (exhausted). A page's cursor is the position of every shard.
 *
 * Correctness: an item is emitted only while every live shard has a
 * buffered head, so it is newer than anything not yet read from any shard.
 * A shard's next position is its last emitted item's key while it still has
 * buffered items, else how far its queries have scanned (items a filter
 * dropped on the way are done too).
 */
export type ShardPosition = string | null | false;

export interface ShardPage<T> {
  /** Newest first; all strictly below the `below` asked for. */
  items: T[];
  /** The sort key the query stopped at (its LastEvaluatedKey), or null when the shard has nothing further. */
  scannedTo: string | null;
}

export type ShardQuery<T> = (shard: number, below: string | null, limit: number) => Promise<ShardPage<T>>;

export interface MergeInput<T> {
  positions: readonly ShardPosition[];
  limit: number;
  sortKey: (item: T) => string;
  query: ShardQuery<T>;
  /**
   * Queries one page may make in all. With a selective filter a page can
   * end short (even empty) with a cursor to go on, rather than scan a whole
   * shard in one request.
   */
  maxQueries: number;
}

interface ShardState<T> {
  shard: number;
  buffer: T[];
  /** Where its next query starts (exclusive). */
  bound: string | null;
  exhausted: boolean;
  /** Its position as far as emitted items go. */
  emittedTo: string | null;
}

export async function mergeShards<T>(input: MergeInput<T>): Promise<{ items: T[]; positions: ShardPosition[] | null }> {
  const states: ShardState<T>[] = input.positions.map((position, shard) => ({
    shard,
    buffer: [],
    bound: position === false ? null : position,
    exhausted: position === false,
    emittedTo: position === false ? null : position,
  }));
  const items: T[] = [];
  let queries = 0;
  while (items.length < input.limit) {
    const empty = states.filter((s) => !s.exhausted && s.buffer.length === 0);
    if (empty.length) {
      if (queries + empty.length > input.maxQueries) break;
      queries += empty.length;
      await Promise.all(
        empty.map(async (s) => {
          const page = await input.query(s.shard, s.bound, input.limit);
          s.buffer.push(...page.items);
          if (page.scannedTo === null) s.exhausted = true;
          else s.bound = page.scannedTo;
        }),
      );
      continue;
    }
    let newest: ShardState<T> | undefined;
    for (const s of states) {
      if (s.buffer.length && (!newest || input.sortKey(s.buffer[0]!) > input.sortKey(newest.buffer[0]!))) newest = s;
    }
    if (!newest) break;
    const item = newest.buffer.shift()!;
    newest.emittedTo = input.sortKey(item);
    items.push(item);
  }
  const positions = states.map((s): ShardPosition => {
    if (s.buffer.length) return s.emittedTo;
    return s.exhausted ? false : s.bound;
  });
  return { items, positions: positions.every((p) => p === false) ? null : positions };
}
