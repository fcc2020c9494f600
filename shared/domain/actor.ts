import type { Actor } from './permissions';

/**
 * Who is acting, as the domain sees it: the principal the authorizer
 * authenticated, what the audit log records of it, and — on a team route —
 * the team it acts for and with which role. Nothing here knows HTTP.
 */
export type Principal =
  | { type: 'user'; userId: string }
  | { type: 'api_key'; keyId: string; teamId: string; environment: 'live' | 'test' }
  | { type: 'support'; id: string };

export type ActorType = 'user' | 'api_key' | 'support' | 'system';

/** The audit log's `actor`. */
export interface AuditActor {
  type: ActorType;
  id: string;
}

export function auditActorOf(principal: Principal): AuditActor {
  switch (principal.type) {
    case 'user':
      return { type: 'user', id: principal.userId };
    case 'api_key':
      return { type: 'api_key', id: principal.keyId };
    case 'support':
      return { type: 'support', id: principal.id };
  }
}

/** One who acts for a team: a member, by role, or the team's API key. */
export interface TeamActor {
  teamId: string;
  /** The member's role, or `api_key`. */
  role: Actor;
  /** The acting member (null for an API key): whose membership each write re-checks. */
  member: { id: string; name: string } | null;
  audit: AuditActor;
}
