import { requireEnv } from '../config';

/** The single table; its name comes from the stack (TABLE_NAME), read at cold start. */
export const TABLE_NAME = requireEnv('TABLE_NAME');

export const GSI1 = 'GSI1';

/** Every key string of the table is built here and nowhere else. */
export const keys = {
  user: (userId: string) => ({ PK: `USER#${userId}`, SK: 'USER' }),
  team: (teamId: string) => ({ PK: `TEAM#${teamId}`, SK: 'TEAM' }),
  emailClaim: (normalizedEmail: string) => ({ PK: `EMAIL#${normalizedEmail}`, SK: 'EMAIL' }),
  verification: (tokenHash: string) => ({ PK: `VERIFY#${tokenHash}`, SK: 'VERIFY' }),
  auditEvent: (teamId: string, at: string, eventId: string) => ({ PK: `TEAM#${teamId}`, SK: `AUDIT#${at}#${eventId}` }),
  auditPrefix: () => 'AUDIT#',
  /** A team's request counter for one ten-second window (rate limiting). */
  rateWindow: (teamId: string, windowStart: number) => ({ PK: `RATE#${teamId}`, SK: `W#${windowStart}` }),
  rateWindowPrefix: () => 'RATE#',
  /** A client address's requests to one public route in one window (per-IP limit). */
  clientRateWindow: (operationId: string, clientIp: string, windowStart: number) => ({
    PK: `RATE#IP#${operationId}#${clientIp}`,
    SK: `W#${windowStart}`,
  }),
  /** Failed sign-ins to one address in one window (per-address limit). */
  signInFailures: (normalizedEmail: string, windowStart: number) => ({ PK: `RATE#SIGNIN#${normalizedEmail}`, SK: `W#${windowStart}` }),
  /** An account still waiting for its email to be verified, in sign-up order: what the sweep reads. */
  unverifiedAccount: (createdAt: string, userId: string) => ({ PK: 'UNVERIFIED', SK: `${createdAt}#${userId}` }),
  unverifiedPartition: () => 'UNVERIFIED',
  /** A password-reset token by its hash. */
  passwordReset: (tokenHash: string) => ({ PK: `RESET#${tokenHash}`, SK: 'RESET' }),
  /** GSI1 on user items: a team's members, in joining order. */
  teamMember: (teamId: string, joinedAt: string, userId: string) => ({
    GSI1PK: `TEAM#${teamId}`,
    GSI1SK: `MEMBER#${joinedAt}#${userId}`,
  }),
  teamMemberPrefix: () => 'MEMBER#',
  /** Invitations live in their team's partition; `inv_` ids are time-ordered, so SK order is creation order. */
  invitation: (teamId: string, invitationId: string) => ({ PK: `TEAM#${teamId}`, SK: `INV#${invitationId}` }),
  invitationPrefix: () => 'INV#',
  /** One per token ever issued (creates and resends), so a dead token still finds its invitation: 410, not 404. */
  invitationToken: (tokenHash: string) => ({ PK: `INVTOKEN#${tokenHash}`, SK: 'INVTOKEN' }),
  /** The team's one pending invitation for an address: the pointer that makes "re-invite replaces" race-safe. */
  invitationForEmail: (teamId: string, normalizedEmail: string) => ({ PK: `TEAM#${teamId}`, SK: `INVEMAIL#${normalizedEmail}` }),
  /** Invitations sent by a team on one UTC day (`yyyy-mm-dd`), capped by a condition. */
  invitationDailyCount: (teamId: string, utcDay: string) => ({ PK: `TEAM#${teamId}`, SK: `INVCOUNT#${utcDay}` }),
} as const;

/** Epoch seconds for the table's TTL attribute (`expires_at_epoch`). */
export function ttlEpoch(iso: string, graceMs = 0): number {
  return Math.floor((Date.parse(iso) + graceMs) / 1000);
}
