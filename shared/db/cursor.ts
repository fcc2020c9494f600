import { ValidationError } from '../errors';

/**
 * Opaque list cursors: the page's LastEvaluatedKey, base64url-encoded. On the
 * way back in, a cursor must have exactly the shape this list's query
 * produces — the same attributes, the caller's own partition, sort keys of
 * this list's item type — so a crafted or foreign token is a 400, never
 * another team's items and never a DynamoDB error.
 */
export interface CursorShape {
  /** Attributes whose value must be exactly this (the partition the caller may read). */
  equal: Record<string, string>;
  /** Attributes whose value must start with this (the item type's sort-key prefix). */
  prefixed: Record<string, string>;
}

export function encodeCursor(lastKey: object | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;
}

/**
 * Far above any key this table writes (ids and timestamps: under 200 bytes),
 * far below DynamoDB's own limits (1,024-byte sort keys), which a forged
 * cursor must never reach: DynamoDB answers those with an error, not a 400.
 */
export const MAX_CURSOR_CHARS = 2048;
export const MAX_CURSOR_KEY_BYTES = 512;

export function decodeCursor(token: string | undefined, shape: CursorShape): Record<string, unknown> | undefined {
  if (!token) return undefined;
  return decodeCursorPayload(token, (key): key is Record<string, string> => fits(key, shape));
}

/**
 * Any list's cursor, checked by that list's own `valid` before anything
 * reads it: the same size bound and alphabet, and the same 400 for every
 * token that is not one this list gave out.
 */
export function decodeCursorPayload<T>(token: string, valid: (payload: unknown) => payload is T): T {
  let payload: unknown = null;
  if (token.length <= MAX_CURSOR_CHARS && /^[A-Za-z0-9_-]+$/.test(token)) {
    try {
      payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      payload = null;
    }
  }
  if (!valid(payload)) {
    throw new ValidationError('The next_token is not valid for this list.', [
      { location: 'query', path: 'next_token', message: 'invalid cursor' },
    ]);
  }
  return payload;
}

function fits(key: unknown, shape: CursorShape): key is Record<string, string> {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return false;
  const attrs = Object.keys(key).sort();
  const expected = [...Object.keys(shape.equal), ...Object.keys(shape.prefixed)].sort();
  const values = key as Record<string, unknown>;
  return (
    Object.values(values).every((v) => typeof v === 'string' && Buffer.byteLength(v, 'utf8') <= MAX_CURSOR_KEY_BYTES) &&
    attrs.length === expected.length &&
    attrs.every((a, i) => a === expected[i]) &&
    Object.entries(shape.equal).every(([attr, value]) => values[attr] === value) &&
    Object.entries(shape.prefixed).every(([attr, prefix]) => typeof values[attr] === 'string' && (values[attr] as string).startsWith(prefix))
  );
}
