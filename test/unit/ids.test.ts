import { describe, it, expect } from 'vitest';
import { newId, userIdFromSub, type IdPrefix } from '../../shared/domain/ids';

const PREFIXES: IdPrefix[] = ['team', 'user', 'inv', 'key', 'proj', 'task', 'dlv', 'invc', 'intg', 'evt'];
const CROCKFORD_26 = /^[0-9abcdefghjkmnpqrstvwxyz]{26}$/;

describe('newId', () => {
  it.each(PREFIXES)('%s ids are "<prefix>_" then 26 lower-case Crockford base32 characters', (prefix) => {
    const id = newId(prefix);
    expect(id.startsWith(`${prefix}_`)).toBe(true);
    expect(id.slice(prefix.length + 1)).toMatch(CROCKFORD_26);
  });

  it('never uses the ambiguous letters i, l, o, u', () => {
    const all = Array.from({ length: 2000 }, () => newId('task').slice(5)).join('');
    expect(all).not.toMatch(/[ilou]/);
  });

  it('encodes the time in the first 10 characters', () => {
    expect(newId('team', 0).slice(5, 15)).toBe('0000000000');
    expect(newId('team', 31).slice(5, 15)).toBe('000000000z');
    expect(newId('team', 32).slice(5, 15)).toBe('0000000010');
    // Same millisecond → same time part.
    const now = Date.UTC(2025, 0, 1);
    expect(newId('team', now).slice(5, 15)).toBe(newId('team', now).slice(5, 15));
  });

  it('sorts ids made later after ids made earlier', () => {
    const base = Date.UTC(2025, 5, 1, 12, 0, 0);
    const offsets = [0, 1, 2, 31, 32, 33, 1000, 1023, 1024, 60_000, 86_400_000, 365 * 86_400_000];
    for (let i = 1; i < offsets.length; i++) {
      for (let n = 0; n < 20; n++) {
        const earlier = newId('task', base + offsets[i - 1]!);
        const later = newId('task', base + offsets[i]!);
        expect(earlier < later, `${earlier} < ${later}`).toBe(true);
      }
    }
  });

  it('sorts by time across many random timestamps', () => {
    const times = Array.from({ length: 500 }, () => Math.floor(Math.random() * 4_000_000_000_000));
    const ids = times.map((t) => ({ t, id: newId('evt', t) }));
    const byId = [...ids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((x) => x.t);
    expect(byId).toEqual([...times].sort((a, b) => a - b));
  });

  it('never collides over 10k ids, even in the same millisecond', () => {
    const now = Date.now();
    const same = new Set(Array.from({ length: 10_000 }, () => newId('key', now)));
    expect(same.size).toBe(10_000);
    const live = new Set(Array.from({ length: 10_000 }, () => newId('key')));
    expect(live.size).toBe(10_000);
  });
});

describe('userIdFromSub', () => {
  it.each([
    ['5f0c3e2a-9b7d-4c1e-8f6a-2b3c4d5e6f70', 'user_5f0c3e2a9b7d4c1e8f6a2b3c4d5e6f70'],
    ['abc', 'user_abc'],
    ['a-b-c', 'user_abc'],
  ])('%s → %s', (sub, id) => {
    expect(userIdFromSub(sub)).toBe(id);
  });

  it('is deterministic and distinguishes subs', () => {
    const sub = crypto.randomUUID();
    expect(userIdFromSub(sub)).toBe(userIdFromSub(sub));
    expect(userIdFromSub(sub)).not.toBe(userIdFromSub(crypto.randomUUID()));
    expect(userIdFromSub(sub)).toMatch(/^user_[0-9a-f]{32}$/);
  });
});
