import { describe, expect, it } from 'vitest';
import { mergeShards, type ShardPosition, type ShardQuery } from '../../shared/db/sharded-listing';

/** In-memory shards holding sort keys; a query returns up to `limit` scanned keys below `below`, newest first, then filters. */
function shardsOf(data: string[][], keep: (key: string) => boolean = () => true) {
  const calls: Array<{ shard: number; below: string | null }> = [];
  const query: ShardQuery<string> = async (shard, below, limit) => {
    calls.push({ shard, below });
    const rest = [...data[shard]!].sort().reverse().filter((k) => below === null || k < below);
    const scanned = rest.slice(0, limit);
    return { items: scanned.filter(keep), scannedTo: rest.length > limit ? scanned.at(-1)! : null };
  };
  return { query, calls };
}

async function readAll(data: string[][], limit: number, keep?: (key: string) => boolean, maxQueries = 4 * data.length) {
  const { query, calls } = shardsOf(data, keep);
  const pages: string[][] = [];
  let positions: ShardPosition[] | null = data.map(() => null);
  do {
    const page: { items: string[]; positions: ShardPosition[] | null } = await mergeShards({ positions, limit, sortKey: (k) => k, query, maxQueries });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    positions = page.positions;
    expect(pages.length).toBeLessThan(1000);
  } while (positions);
  return { pages, calls };
}

/** Deterministic pseudo-random keys spread over shards like hashed task ids. */
function spread(count: number, shards: number, seed = 7): string[][] {
  const data: string[][] = Array.from({ length: shards }, () => []);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    data[x % shards]!.push(`2030-01-01T00:00:${String(i).padStart(6, '0')}Z`);
  }
  return data;
}

const newestFirst = (data: string[][]) => data.flat().sort().reverse();

describe('merging sharded, newest-first listings', () => {
  it('reads every item exactly once, newest first, page after page', async () => {
    const data = spread(237, 16);
    for (const limit of [1, 7, 25, 100]) {
      const { pages } = await readAll(data, limit);
      expect(pages.flat()).toEqual(newestFirst(data));
      // Every page but the last is full when nothing is filtered.
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
    }
  });

  it('handles shards that are empty or hold everything', async () => {
    const lopsided: string[][] = Array.from({ length: 8 }, () => []);
    lopsided[3] = spread(60, 1)[0]!;
    const { pages } = await readAll(lopsided, 25);
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    expect(pages.flat()).toEqual(newestFirst(lopsided));
    expect((await readAll(Array.from({ length: 8 }, () => []), 25)).pages).toEqual([[]]);
  });

  it('keeps order and completeness with a selective filter, even when a page ends short on its query budget', async () => {
    const data = spread(400, 16);
    const keep = (k: string) => Number(k.slice(-7, -1)) % 37 === 0;
    const { pages } = await readAll(data, 5, keep, 20);
    expect(pages.flat()).toEqual(newestFirst(data).filter(keep));
  });

  it('says there is no next page once every shard is exhausted', async () => {
    const data = spread(10, 4);
    const { query } = shardsOf(data);
    const page = await mergeShards({ positions: [null, null, null, null], limit: 25, sortKey: (k) => k, query, maxQueries: 16 });
    expect(page.items).toHaveLength(10);
    expect(page.positions).toBeNull();
  });

  it('continues each shard strictly below its own position, and never queries an exhausted one', async () => {
    const data = spread(50, 4);
    const { query, calls } = shardsOf(data);
    const first = await mergeShards({ positions: [null, null, null, null], limit: 10, sortKey: (k) => k, query, maxQueries: 16 });
    calls.length = 0;
    const exhausted: ShardPosition[] = first.positions!.map((p, i) => (i === 2 ? false : p));
    await mergeShards({ positions: exhausted, limit: 10, sortKey: (k) => k, query, maxQueries: 16 });
    expect(calls.some((c) => c.shard === 2)).toBe(false);
    for (const call of calls) expect(call.below).toBe(first.positions![call.shard]);
  });
});
