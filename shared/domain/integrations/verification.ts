import { randomBytes } from 'node:crypto';

/**
 * What a verification tries, by name, and how each went. The storage
 * checks are the same for every provider — list under the prefix, then
 * write, read and delete one probe object there — after the provider's own
 * credential step (assuming the role, exchanging the federated token).
 */
export const STORAGE_CHECKS = ['list', 'write', 'read', 'delete'] as const;
export type CheckName = 'assume_role' | 'token_exchange' | (typeof STORAGE_CHECKS)[number];

export type CheckOutcome = { result: 'passed' } | { result: 'failed'; error: string } | { result: 'skipped'; error: string };

export type Checks = Partial<Record<CheckName, CheckOutcome>>;

export interface Verification {
  ok: boolean;
  checked_at: string;
  checks: Checks;
  /** The first failure, as one sentence a customer can act on (never a secret, never a provider's raw message). */
  error: string | null;
}

/** The whole verification may take this long; what has not finished by then fails as timed out. */
export const VERIFY_TIMEOUT_MS = 10_000;

/** The probe object: under the prefix, named so a customer recognises it (and it never collides). */
export function probeObjectKey(prefix: string): string {
  const separator = prefix === '' || prefix.endsWith('/') ? '' : '/';
  return `${prefix}${separator}.refonte-access-check-${randomBytes(8).toString('hex')}`;
}

export function summarize(checks: Checks, checkedAt: string): Verification {
  const failed = Object.values(checks).find((outcome) => outcome.result !== 'passed');
  return { ok: failed === undefined, checked_at: checkedAt, checks, error: failed && 'error' in failed ? failed.error : null };
}
