import { ValidationError } from '../errors';

/**
 * Opaque list cursors: the page's LastEvaluatedKey, base64url-encoded. On the
 * way back in, the cursor must belong to the same partition the caller may
 * read, so a crafted token can never page through another team's items.
 */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;
}

export function decodeCursor(
  token: string | undefined,
  expected: Record<string, string>,
): Record<string, unknown> | undefined {
  if (!token) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.values(key).every((v) => typeof v === 'string') &&
    Object.entries(expected).every(([attr, value]) => (key as Record<string, unknown>)[attr] === value);
  if (!valid) throw new ValidationError('The next_token is not valid for this list.', [{ location: 'query', path: 'next_token', message: 'invalid cursor' }]);
  return key as Record<string, unknown>;
}
