import { describe, expect, it } from 'vitest';
import { AmendTaskBody, CompleteTaskBody, CreateTaskBody, Task } from '../../shared/api/tasks';
import { presentTask } from '../../shared/api/task-presenter';
import type { TaskRecord } from '../../shared/db/tasks';
import { isTaskType, placeholderResponse, priceOf, TASK_TYPES } from '../../shared/domain/task-types';
import { jsonBytes, MAX_METADATA_BYTES, MAX_PARAMS_BYTES, MAX_RESPONSE_BYTES } from '../../shared/domain/task-limits';

describe('task-type catalog', () => {
  it('has at least the contract\'s four types, each priced in whole USD cents', () => {
    expect(TASK_TYPES).toEqual(expect.arrayContaining(['categorization', 'image_annotation', 'transcription', 'text_collection']));
    for (const type of TASK_TYPES) {
      const price = priceOf(type);
      expect(price.currency).toBe('USD');
      expect(Number.isInteger(price.amount) && price.amount > 0, `${type}: ${price.amount}`).toBe(true);
    }
  });

  it('knows its types and nothing else (not even Object.prototype\'s names)', () => {
    expect(isTaskType('categorization')).toBe(true);
    for (const name of ['Categorization', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '']) expect(isTaskType(name)).toBe(false);
  });

  it('gives each type a placeholder response shaped for it, fresh on every call', () => {
    expect(placeholderResponse('categorization')).toHaveProperty('category');
    expect(placeholderResponse('transcription')).toHaveProperty('transcription');
    expect(placeholderResponse('image_annotation')).toMatchObject({ annotations: [expect.objectContaining({ label: expect.any(String) })] });
    expect(placeholderResponse('text_collection')).toHaveProperty('fields');
    for (const type of TASK_TYPES) {
      const first = placeholderResponse(type);
      expect(first).toEqual(placeholderResponse(type));
      expect(first).not.toBe(placeholderResponse(type));
      expect(CompleteTaskBody.safeParse({ response: first }).success).toBe(true);
    }
  });

  it('hands out copies of prices: a caller cannot change the catalog', () => {
    const price = priceOf('transcription');
    price.amount = 0;
    expect(priceOf('transcription').amount).toBeGreaterThan(0);
  });
});

/** An object whose serialized JSON is exactly `bytes` long. */
function objectOfBytes(bytes: number, char = 'a'): Record<string, unknown> {
  const overhead = jsonBytes({ x: '' });
  const perChar = Buffer.byteLength(char, 'utf8');
  return { x: char.repeat((bytes - overhead) / perChar) };
}

describe('task size limits (measured on the serialized JSON)', () => {
  const base = { type: 'categorization' };

  it('takes params of exactly 64 KiB and refuses one byte more', () => {
    expect(jsonBytes(objectOfBytes(MAX_PARAMS_BYTES))).toBe(MAX_PARAMS_BYTES);
    expect(CreateTaskBody.safeParse({ ...base, params: objectOfBytes(MAX_PARAMS_BYTES) }).success).toBe(true);
    const over = CreateTaskBody.safeParse({ ...base, params: objectOfBytes(MAX_PARAMS_BYTES + 1) });
    expect(over.success).toBe(false);
    expect(over.error!.issues[0]!.path).toEqual(['params']);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 3 bytes each: 22,000 characters are 66,000 bytes, over the limit in bytes though under it in characters.
    const wide = { x: '€'.repeat(22_000) };
    expect(JSON.stringify(wide).length).toBeLessThan(MAX_PARAMS_BYTES);
    expect(CreateTaskBody.safeParse({ ...base, params: wide }).success).toBe(false);
  });

  it('caps metadata at 16 KiB and a response at 128 KiB, on create, amend and completion', () => {
    expect(CreateTaskBody.safeParse({ ...base, params: {}, metadata: objectOfBytes(MAX_METADATA_BYTES) }).success).toBe(true);
    expect(CreateTaskBody.safeParse({ ...base, params: {}, metadata: objectOfBytes(MAX_METADATA_BYTES + 1) }).success).toBe(false);
    expect(AmendTaskBody.safeParse({ metadata: objectOfBytes(MAX_METADATA_BYTES + 1) }).success).toBe(false);
    expect(AmendTaskBody.safeParse({ params: objectOfBytes(MAX_PARAMS_BYTES + 1) }).success).toBe(false);
    expect(CompleteTaskBody.safeParse({ response: objectOfBytes(MAX_RESPONSE_BYTES) }).success).toBe(true);
    expect(CompleteTaskBody.safeParse({ response: objectOfBytes(MAX_RESPONSE_BYTES + 1) }).success).toBe(false);
  });

  it('wants params to be an object, and refuses unknown fields', () => {
    for (const params of [[], 'x', 1, null]) expect(CreateTaskBody.safeParse({ ...base, params }).success).toBe(false);
    expect(CreateTaskBody.safeParse({ ...base, params: {}, status: 'completed' }).success).toBe(false);
    expect(AmendTaskBody.safeParse({ type: 'transcription' }).success).toBe(false);
  });

  it('refuses invisible characters in a unique_id and control characters in an instruction', () => {
    expect(CreateTaskBody.safeParse({ ...base, params: {}, unique_id: 'a\u200bb' }).success).toBe(false);
    expect(CreateTaskBody.safeParse({ ...base, params: {}, instruction: 'Line one\nline two\ttabbed' }).success).toBe(true);
    expect(CreateTaskBody.safeParse({ ...base, params: {}, instruction: 'bell\u0007' }).success).toBe(false);
  });

  it('refuses a project name with a slash (it separates qualified_name)', () => {
    expect(CreateTaskBody.safeParse({ ...base, params: {}, project: 'a/b' }).success).toBe(false);
  });
});

describe('task JSON DynamoDB can store (else 400, never a 500 at write)', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 1 : { a: nested(levels - 1) });
  const body = (params: unknown) => ({ type: 'categorization', params });

  it.each([
    ['an empty key', { '': 1 }],
    ['the key "constructor", at any depth', { a: [{ constructor: {} }] }],
    ['an infinite number', { a: Number.POSITIVE_INFINITY }],
    ['a number too small for DynamoDB', { c: 5e-324 }],
    ['a number too large for DynamoDB', { c: 1e130 }],
    ['a number beyond the largest safe integer (the document client refuses to write it)', { c: 9007199254740994 }],
    ['a large float', { c: 1e20 }],
    ['nesting deeper than 31 levels', nested(32)],
    ['nesting 20,000 levels deep (refused before it is serialized)', JSON.parse(`{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`)],
  ])('refuses %s in params, metadata and a completion response', (_, value) => {
    expect(CreateTaskBody.safeParse(body(value)).success).toBe(false);
    expect(CreateTaskBody.safeParse({ ...body({}), metadata: value }).success).toBe(false);
    expect(CompleteTaskBody.safeParse({ response: value }).success).toBe(false);
    expect(AmendTaskBody.safeParse({ params: value }).success).toBe(false);
  });

  it('takes ordinary JSON, __proto__ as a plain key, zero and 31 levels', () => {
    for (const value of [{ a: 0, b: -1.5e-3, c: [null, true, 'x'], d: Number.MAX_SAFE_INTEGER, e: -Number.MAX_SAFE_INTEGER }, JSON.parse('{"__proto__":{"x":1}}'), nested(31)]) {
      expect(CreateTaskBody.safeParse(body(value)).success).toBe(true);
    }
  });
});

describe('presentTask', () => {
  it('shows the contract\'s fields and nothing internal', () => {
    const at = new Date().toISOString();
    const record: TaskRecord = {
      id: 'task_1',
      team_id: 'team_1',
      type: 'transcription',
      project: null,
      status: 'pending',
      environment: 'test',
      params: { url: 'https://example.com/a.mp3' },
      metadata: {},
      instruction: null,
      callback_url: null,
      unique_id: null,
      created_at: at,
      updated_at: at,
      completed_at: null,
      response: null,
      callback_status: 'none',
      created_by: { type: 'user', id: 'user_1' },
      completed_by: null,
      canceled_at: null,
      last_delivery_id: null,
    };
    const shown = presentTask(record);
    expect(Task.parse(shown)).toEqual(shown);
    expect(Object.keys(shown)).not.toEqual(expect.arrayContaining(['team_id']));
    for (const internal of ['team_id', 'created_by', 'completed_by', 'last_delivery_id', 'canceled_at']) expect(shown).not.toHaveProperty(internal);
  });
});
