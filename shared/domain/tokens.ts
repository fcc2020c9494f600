import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Single-use tokens (email verification, invitations) are random, URL-safe,
 * handed to the user once and stored only as their SHA-256 hash.
 */
export function newSecretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const VERIFICATION_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;
