import { describe, expect, it } from 'vitest';
import { expectedHoldMs, nextAttemptEstimate, receiverOf, slotRetryDelayMs } from '../../shared/domain/receiver-fairness';

describe('receiver fairness', () => {
  it('names a receiver by host and effective port, whatever the scheme, path or case', () => {
    expect(receiverOf('https://Hooks.Example.com/a?b')).toBe('hooks.example.com:443');
    expect(receiverOf('http://hooks.example.com/x')).toBe('hooks.example.com:80');
    expect(receiverOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1:8080');
  });

  it('expects a lane to hold its slot for its share of the waiting callbacks at the receiver’s pace', () => {
    expect(expectedHoldMs(10, 2, 20)).toBe(100);
    expect(expectedHoldMs(3, 2, 20)).toBe(40);
    expect(expectedHoldMs(1, 0, 50)).toBe(50);
  });

  it('follows a receiver’s pace, a slow attempt moving the estimate by less than all of the way', () => {
    expect(nextAttemptEstimate(undefined, 30)).toBe(30);
    expect(nextAttemptEstimate(20, 10_000)).toBeCloseTo(3_014);
    expect(nextAttemptEstimate(20, 20)).toBe(20);
  });

  it('waits until the holder expects to be done, jittered by at most a tenth and 5 ms', () => {
    expect(slotRetryDelayMs(1_100, 1_000, 0, 0)).toBe(100);
    expect(slotRetryDelayMs(1_100, 1_000, 0, 1)).toBeCloseTo(115);
  });

  it('past the holder’s estimate, tries again soon, backing off to at most 320 ms', () => {
    expect([0, 1, 2, 3, 6, 9].map((tries) => slotRetryDelayMs(900, 1_000, tries, 0))).toEqual([5, 10, 20, 40, 320, 320]);
  });
});
