/** Invitation rules that are configuration or arithmetic rather than storage. */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const DEFAULT_INVITATIONS_PER_DAY = 100;

/** When an invitation (or its resent token) issued at `now` stops working. */
export function invitationExpiry(now: string): string {
  return new Date(Date.parse(now) + INVITATION_TTL_MS).toISOString();
}

/**
 * The per-team cap on invitation emails (creates and resends) per UTC day,
 * from `INVITATIONS_PER_DAY`. Read on every call rather than once, so an
 * operator's value and a test's low cap take effect without reloading code.
 */
export function invitationsPerDay(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.INVITATIONS_PER_DAY;
  if (raw === undefined || raw === '') return DEFAULT_INVITATIONS_PER_DAY;
  const cap = Number(raw);
  if (!Number.isInteger(cap) || cap < 1) throw new Error(`INVITATIONS_PER_DAY must be a positive integer, not "${raw}"`);
  return cap;
}

// A bad value fails the function at cold start, not on the first invitation.
invitationsPerDay();
