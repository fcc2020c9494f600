import { describe, expect, it } from 'vitest';
import {
  attemptOutcome,
  CALLBACK_MAX_ATTEMPTS,
  CALLBACK_RETRY_DELAYS_SECONDS,
  MAX_VISIBILITY_SECONDS,
  retryDelaySeconds,
} from '../../shared/domain/callback-retry';
import { CALLBACK_RETRY_SCALE } from '../support/callback-retry-scale';

describe('callback retry schedule', () => {
  const delays = Array.from({ length: CALLBACK_MAX_ATTEMPTS - 1 }, (_, i) => retryDelaySeconds(i + 1)!);

  it('has a delay after each of the first 19 attempts and none after the 20th', () => {
    expect(CALLBACK_MAX_ATTEMPTS).toBe(20);
    expect(CALLBACK_RETRY_DELAYS_SECONDS).toHaveLength(19);
    expect(delays.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
    expect(retryDelaySeconds(20)).toBeNull();
    expect(retryDelaySeconds(25)).toBeNull();
  });

  it('retries the first failure within 30 s', () => {
    expect(delays[0]).toBeLessThanOrEqual(30);
  });

  it('spans about 24 hours from the first attempt to the last', () => {
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(22 * 3600);
    expect(total).toBeLessThan(26 * 3600);
  });

  it('never shortens a wait, and never asks SQS for more than 12 h of visibility', () => {
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_VISIBILITY_SECONDS);
  });

  it('compresses by the configured scale (the test stack runs all 20 attempts in seconds)', () => {
    const compressed = Array.from({ length: 19 }, (_, i) => retryDelaySeconds(i + 1, CALLBACK_RETRY_SCALE)!);
    expect(compressed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(15);
    expect(retryDelaySeconds(1, 0.5)).toBe(10);
  });
});

describe('what an attempt means', () => {
  it.each([
    [200, 1, 'succeeded'],
    [204, 20, 'succeeded'],
    [410, 1, 'gone'],
    [500, 1, 'retry'],
    [302, 3, 'retry'],
    [null, 5, 'retry'],
    [500, 20, 'exhausted'],
    [null, 20, 'exhausted'],
  ] as const)('status %s on attempt %s → %s', (status, attempt, outcome) => {
    expect(attemptOutcome(status, attempt)).toBe(outcome);
  });
});
