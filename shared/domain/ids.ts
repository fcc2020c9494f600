import { randomBytes } from 'node:crypto';

// `msg`: a callback delivery (the Standard Webhooks `webhook-id`); `obx`: an outbox item.
export type IdPrefix = 'team' | 'user' | 'inv' | 'key' | 'proj' | 'task' | 'dlv' | 'invc' | 'intg' | 'evt' | 'msg' | 'obx' | 'rdl';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Opaque, prefixed, roughly time-ordered ids (`team_01jc…`): 10 characters of
 * millisecond time then 16 random ones, Crockford base32, so ids sort by
 * creation and never collide in practice.
 */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += CROCKFORD[b % 32];
  return `${prefix}_${time}${rand}`;
}

/** A user's id is derived from their Cognito `sub`, so a token maps to a user without a lookup. */
export function userIdFromSub(sub: string): string {
  return `user_${sub.replace(/-/g, '')}`;
}
