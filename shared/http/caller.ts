import type { APIGatewayProxyEvent } from 'aws-lambda';
import { getUser, type UserRecord } from '../db/users';
import { auditActorOf, type AuditActor, type Principal, type TeamActor } from '../domain/actor';
import { can, type Permission } from '../domain/permissions';
import { ForbiddenError, NoTeamError, UnauthenticatedError } from '../errors';
import { principalFromContext } from './principal';
import { issuedBeforeRevocation, tokenIssuedAt } from './token-age';
import type { RouteDefinition } from './route';

/**
 * The authenticated, authorized caller of an operation, one kind per kind of
 * route, so a handler gets by type what its route guarantees (a team route's
 * caller has a team id; a user route's caller has its user record) — no `!`.
 */
export interface SupportCaller {
  kind: 'support';
  principal: Extract<Principal, { type: 'support' }>;
  audit: AuditActor;
}

/** A signed-in user on a route that needs no team (their own profile): maybe in no team. */
export interface UserCaller {
  kind: 'user';
  principal: Extract<Principal, { type: 'user' }>;
  user: UserRecord;
  teamId: string | null;
  audit: AuditActor;
}

/** A member (or the team's API key) on a team route, holding the route's permission. */
export interface TeamCaller extends TeamActor {
  kind: 'team';
  principal: Principal;
  /** The member's current record; null for an API key. */
  user: UserRecord | null;
}

export type Caller = SupportCaller | UserCaller | TeamCaller;

/** The caller a route's handler gets, from the route's `auth` and `permission`. */
export type CallerOf<R extends RouteDefinition> = R['auth'] extends 'public'
  ? null
  : R['auth'] extends 'support'
    ? SupportCaller
    : R extends { permission: Permission }
      ? TeamCaller
      : UserCaller;

/** The team a caller's request counts against, if any. */
export function countedTeam(caller: Caller | null): string | null {
  if (!caller || caller.kind === 'support') return null;
  return caller.teamId;
}

/**
 * Authorization, never cached: reads the caller's current membership (one
 * strongly consistent GetItem) and checks the route's permission against the
 * role matrix, so a role change or removal bites on the very next request.
 */
export async function authorizeCaller(route: RouteDefinition, event: APIGatewayProxyEvent): Promise<Caller | null> {
  if (route.auth === 'public') return null;
  const principal = principalFromContext(event.requestContext?.authorizer);
  if (!principal) throw new UnauthenticatedError();
  const audit = auditActorOf(principal);

  if (route.auth === 'support') {
    if (principal.type !== 'support') throw new ForbiddenError();
    return { kind: 'support', principal, audit };
  }

  if (principal.type === 'api_key') {
    if (route.auth !== 'user_or_key' || !route.permission || !can('api_key', route.permission)) {
      throw new ForbiddenError('API keys cannot do this: sign in as a team member.');
    }
    return { kind: 'team', principal, user: null, teamId: principal.teamId, role: 'api_key', member: null, audit };
  }
  if (principal.type !== 'user') throw new ForbiddenError();

  const user = await getUser(principal.userId);
  // A valid token for an account we no longer know is not a credential;
  // nor is one issued before the account signed out everywhere.
  if (!user) throw new UnauthenticatedError();
  if (issuedBeforeRevocation(tokenIssuedAt(event.headers?.authorization), user.sessions_revoked_at)) {
    throw new UnauthenticatedError('This session has been signed out: sign in again.');
  }
  if (!route.permission) return { kind: 'user', principal, user, teamId: user.team_id, audit };
  if (!user.team_id || !user.role) throw new NoTeamError();
  if (!can(user.role, route.permission)) throw new ForbiddenError();
  return {
    kind: 'team',
    principal,
    user,
    teamId: user.team_id,
    role: user.role,
    member: { id: user.id, name: user.name },
    audit,
  };
}
