import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import { ValidationError } from '../../shared/errors';

const shape = { equal: { PK: 'TEAM#team_1' }, prefixed: { SK: 'AUDIT#' } };
const forge = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

describe('list cursors are bounded in size and shape before they reach DynamoDB', () => {
  it('takes back what it gave', () => {
    const key = { PK: 'TEAM#team_1', SK: 'AUDIT#2030-01-01T00:00:00.000Z#evt_1' };
    expect(decodeCursor(encodeCursor(key)!, shape)).toEqual(key);
  });

  it('refuses a forged cursor whose sort key is over 1,024 bytes (DynamoDB would fail on it: a 500)', () => {
    const token = forge({ PK: 'TEAM#team_1', SK: `AUDIT#${'x'.repeat(1100)}` });
    expect(token.length).toBeLessThan(2048);
    expect(() => decodeCursor(token, shape)).toThrow(ValidationError);
  });

  it('refuses a key part just over the bound in multi-byte characters', () => {
    expect(() => decodeCursor(forge({ PK: 'TEAM#team_1', SK: `AUDIT#${'é'.repeat(260)}` }), shape)).toThrow(ValidationError);
  });

  it.each([
    ['an over-long token', forge({ PK: 'TEAM#team_1', SK: 'AUDIT#x' }) + 'A'.repeat(3000)],
    ['characters outside base64url', 'eyJQSyI6IlRFQU0jdGVhbV8xIn0=?'],
    ['a number where a key string belongs', forge({ PK: 'TEAM#team_1', SK: 7 })],
    ['another team', forge({ PK: 'TEAM#team_2', SK: 'AUDIT#x' })],
    ['an extra attribute', forge({ PK: 'TEAM#team_1', SK: 'AUDIT#x', GSI1PK: 'x' })],
  ])('refuses %s with 400', (_, token) => {
    expect(() => decodeCursor(token, shape)).toThrow(ValidationError);
  });
});
