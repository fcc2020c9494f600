import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { hashToken, newSecretToken, sameSecret, VERIFICATION_TOKEN_TTL_MS } from '../../shared/domain/tokens';

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

describe('newSecretToken', () => {
  it('is URL-safe (no +, /, = or padding) and at least 43 characters for 32 bytes', () => {
    for (let i = 0; i < 200; i++) {
      const token = newSecretToken();
      expect(token).toMatch(URL_SAFE);
      expect(token.length).toBeGreaterThanOrEqual(43);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });

  it('carries the requested number of random bytes', () => {
    for (const bytes of [16, 32, 48, 64]) {
      const token = newSecretToken(bytes);
      expect(token).toMatch(URL_SAFE);
      expect(Buffer.from(token, 'base64url')).toHaveLength(bytes);
    }
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => newSecretToken()));
    expect(seen.size).toBe(10_000);
  });
});

describe('hashToken', () => {
  it('is the lowercase hex SHA-256 of the token', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the UTF-8 bytes', () => {
    expect(hashToken('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
  });

  it('is deterministic and differs per token', () => {
    const a = newSecretToken();
    const b = newSecretToken();
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toBe(hashToken(b));
    expect(hashToken(a)).not.toContain(a);
  });

  it('is case-sensitive in its input (tokens are not normalised)', () => {
    expect(hashToken('AbC')).not.toBe(hashToken('abc'));
  });
});

describe('sameSecret', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['live_abcdefghijklmnop', 'live_abcdefghijklmnop', true],
    ['abc', 'abd', false],
    ['abc', 'ABC', false],
    ['abc', 'abcd', false],
    ['abcd', 'abc', false],
    ['abc', '', false],
    ['é', 'e', false],
    ['é', 'é', true],
  ])('sameSecret(%j, %j) → %s', (a, b, expected) => {
    expect(sameSecret(a, b)).toBe(expected);
  });

  it('does not throw on different lengths (timingSafeEqual would)', () => {
    expect(() => sameSecret('a', 'a'.repeat(100))).not.toThrow();
  });
});

it('verification tokens live 48 hours', () => {
  expect(VERIFICATION_TOKEN_TTL_MS).toBe(48 * 3600 * 1000);
});
