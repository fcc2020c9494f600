import { describe, it, expect } from 'vitest';
import { buildUpdate } from '../../shared/db/update-expression';

describe('buildUpdate', () => {
  it('SETs defined values through placeholders', () => {
    expect(buildUpdate({ name: 'Ada', company: 'Refonte' })).toEqual({
      UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
      ExpressionAttributeNames: { '#f0': 'name', '#f1': 'company' },
      ExpressionAttributeValues: { ':v0': 'Ada', ':v1': 'Refonte' },
    });
  });

  it('REMOVEs nulls and binds no value for them', () => {
    expect(buildUpdate({ job_title: null, phone: null })).toEqual({
      UpdateExpression: 'REMOVE #f0, #f1',
      ExpressionAttributeNames: { '#f0': 'job_title', '#f1': 'phone' },
    });
  });

  it('skips undefined fields entirely', () => {
    const update = buildUpdate({ name: undefined, phone: undefined, company: 'X' });
    expect(Object.values(update.ExpressionAttributeNames)).toEqual(['company']);
    expect(Object.values(update.ExpressionAttributeValues ?? {})).toEqual(['X']);
    expect(update.UpdateExpression).toMatch(/^SET #f\d+ = :v\d+$/);
  });

  it('mixes SET and REMOVE in one expression, SET first', () => {
    const update = buildUpdate({ name: 'Ada', job_title: null, phone: undefined, updated_at: '2025-01-01T00:00:00.000Z' });
    expect(update.UpdateExpression).toBe('SET #f0 = :v0, #f3 = :v3 REMOVE #f1');
    expect(update.ExpressionAttributeNames).toEqual({ '#f0': 'name', '#f1': 'job_title', '#f3': 'updated_at' });
    expect(update.ExpressionAttributeValues).toEqual({ ':v0': 'Ada', ':v3': '2025-01-01T00:00:00.000Z' });
  });

  it('keeps falsy-but-defined values (0, false, empty string) as SETs', () => {
    const update = buildUpdate({ count: 0, enabled: false, note: '' });
    expect(update.UpdateExpression).toBe('SET #f0 = :v0, #f1 = :v1, #f2 = :v2');
    expect(update.ExpressionAttributeValues).toEqual({ ':v0': 0, ':v1': false, ':v2': '' });
  });

  it('passes objects and arrays through as values', () => {
    const settings = { a: 1 };
    const update = buildUpdate({ settings, tags: ['x'] });
    expect(update.ExpressionAttributeValues).toEqual({ ':v0': settings, ':v1': ['x'] });
  });

  it('never puts a field name or value into the expression (reserved words and injection are harmless)', () => {
    const fields = { name: 'x', status: 'y', 'a = :b, c': 'z', 'role REMOVE team_id': null, size: 'SET admin = :x' };
    const update = buildUpdate(fields);
    expect(update.UpdateExpression).toMatch(/^SET (#f\d+ = :v\d+)(, #f\d+ = :v\d+)* REMOVE #f\d+$/);
    for (const name of Object.keys(fields)) expect(update.UpdateExpression).not.toContain(name);
    expect(Object.values(update.ExpressionAttributeNames).sort()).toEqual(Object.keys(fields).sort());
    // Every placeholder used is bound, and every binding is used.
    const usedNames = update.UpdateExpression.match(/#f\d+/g)!;
    const usedValues = update.UpdateExpression.match(/:v\d+/g)!;
    expect(usedNames.sort()).toEqual(Object.keys(update.ExpressionAttributeNames).sort());
    expect(usedValues.sort()).toEqual(Object.keys(update.ExpressionAttributeValues!).sort());
  });

  it('omits ExpressionAttributeValues when there is nothing to SET', () => {
    expect(buildUpdate({ a: null })).not.toHaveProperty('ExpressionAttributeValues');
  });
});
