import { describe, it, expect } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../shared/errors';
import { parseOrThrow } from '../../shared/http/validation';

const SECRET = 'sk_live_SUPERSECRET_9f8e7d6c5b4a';

function refusal(schema: z.ZodType, value: unknown, where: 'body' | 'query' | 'path' = 'body'): ValidationError {
  try {
    parseOrThrow(schema, value, where);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected parseOrThrow to throw');
}

const Body = z.strictObject({
  email: z.string().email(),
  age: z.number().int().min(0),
  nested: z.strictObject({ token: z.string().max(4) }).optional(),
  tags: z.array(z.string().max(3)).optional(),
});

describe('parseOrThrow', () => {
  it('returns the parsed data on success', () => {
    const value = { email: 'a@b.co', age: 3 };
    expect(parseOrThrow(Body, value, 'body')).toEqual(value);
    // Transforms/defaults apply.
    expect(parseOrThrow(z.object({ n: z.coerce.number().default(25) }), { n: '7' }, 'query')).toEqual({ n: 7 });
  });

  it('throws a 400 validation_failed ValidationError', () => {
    const error = refusal(Body, { email: 'nope', age: 1 });
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
  });

  it.each(['body', 'query', 'path'] as const)('details carry location %s, the dotted path and a message', (where) => {
    const error = refusal(Body, { email: 'a@b.co', age: 1, nested: { token: 'toolong' }, tags: ['ok', 'long'] }, where);
    expect(error.details).toEqual([
      { location: where, path: 'nested.token', message: expect.any(String) },
      { location: where, path: 'tags.1', message: expect.any(String) },
    ]);
    expect(error.message).toContain(where);
    expect(error.message).toContain('"nested.token"');
  });

  it('reports every problem, not only the first', () => {
    const error = refusal(Body, { email: 5, age: -1 });
    expect(error.details!.map((d) => d.path).sort()).toEqual(['age', 'email']);
  });

  it('reports a missing required field', () => {
    const error = refusal(Body, { email: 'a@b.co' });
    expect(error.details).toEqual([{ location: 'body', path: 'age', message: expect.any(String) }]);
  });

  it('lists unknown keys for strict objects', () => {
    const error = refusal(Body, { email: 'a@b.co', age: 1, role: 'admin', team_id: 'team_1' });
    expect(error.details).toHaveLength(1);
    expect(error.details![0]).toMatchObject({ location: 'body', path: '', fields: ['role', 'team_id'] });
    expect(error.message).toBe(`Invalid body: ${error.details![0]!.message}`);
  });

  it('lists unknown keys of a nested strict object with its path', () => {
    const error = refusal(Body, { email: 'a@b.co', age: 1, nested: { token: 'ab', extra: 1 } });
    expect(error.details).toEqual([{ location: 'body', path: 'nested', fields: ['extra'], message: expect.any(String) }]);
  });

  it('a non-object body is refused at the root', () => {
    const error = refusal(Body, 'just a string');
    expect(error.details).toEqual([{ location: 'body', path: '', message: expect.any(String) }]);
    expect(error.message.startsWith('Invalid body: ')).toBe(true);
  });

  it.each<[string, z.ZodType, unknown]>([
    ['wrong type', z.strictObject({ n: z.number() }), { n: SECRET }],
    ['too long', z.strictObject({ s: z.string().max(5) }), { s: SECRET }],
    ['regex', z.strictObject({ s: z.string().regex(/^[0-9]+$/) }), { s: SECRET }],
    ['enum', z.strictObject({ role: z.enum(['member', 'manager']) }), { role: SECRET }],
    ['literal', z.strictObject({ v: z.literal('x') }), { v: SECRET }],
    ['email', z.strictObject({ e: z.string().email() }), { e: SECRET }],
    ['url', z.strictObject({ u: z.url() }), { u: SECRET }],
    ['refine', z.strictObject({ s: z.string().refine((v) => v.length > 100, 'too short') }), { s: SECRET }],
    ['unknown key with secret value', z.strictObject({ a: z.string() }), { a: 'x', password: SECRET }],
    ['array item', z.strictObject({ xs: z.array(z.number()) }), { xs: [SECRET] }],
    ['root', z.number(), SECRET],
  ])('never echoes the offending value (%s)', (_label, schema, value) => {
    const error = refusal(schema, value);
    const everything = JSON.stringify({ message: error.message, details: error.details });
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('SUPERSECRET');
    for (const detail of error.details!) expect(Object.keys(detail).sort()).toEqual(expect.arrayContaining(['location', 'message', 'path']));
    for (const detail of error.details!) expect(detail).not.toHaveProperty('input');
  });
});
