import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ListQuery } from '../../shared/api/common';

describe('a list page size', () => {
  it('defaults to 25 and takes 1 to 100 written as plain digits', () => {
    expect(z.parse(ListQuery, {})).toEqual({ limit: 25 });
    expect(z.parse(ListQuery, { limit: '1' }).limit).toBe(1);
    expect(z.parse(ListQuery, { limit: '100' }).limit).toBe(100);
  });

  it.each(['0', '101', '999', '1e1', ' 10', '-1', '10abc', '0x10', ''])('refuses %j with the one sentence that says what it takes', (limit) => {
    const result = z.safeParse(ListQuery, { limit });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(['must be a whole number from 1 to 100']);
  });
});
