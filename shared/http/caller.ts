import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ActorType } from '../db/audit-events';
import { getUser, type UserRecord } from '../db/users';
import { can, type Actor } from '../domain/permissions';
import { ForbiddenError, NoTeamError, UnauthenticatedError } from '../errors';
import { principalFromContext, type Principal } from './principal';
import { issuedBeforeRevocation, tokenIssuedAt } from './token-age';
import type { RouteDefinition } from './route';

/** The authenticated, authorized caller of an operation. */
export interface Caller {
  principal: Principal;
  /** The signed-in user's current record (user principals only). */
  user: UserRecord | null;
  /** The team the call acts on, when the route needs one. */
  teamId: string | null;
  actor: Actor | null;
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

  if (route.auth === 'support') {
    if (principal.type !== 'support') throw new ForbiddenError();
    return { principal, user: null, teamId: null, actor: null };
  }

  if (principal.type === 'api_key') {
    if (route.auth !== 'user_or_key' || !route.permission || !can('api_key', route.permission)) {
      throw new ForbiddenError('API keys cannot do this: sign in as a team member.');
    }
    return { principal, user: null, teamId: principal.teamId, actor: 'api_key' };
  }
  if (principal.type !== 'user') throw new ForbiddenError();

  const user = await getUser(principal.userId);
  // A valid token for an account we no longer know is not a credential;
  // nor is one issued before the account signed out everywhere.
  if (!user) throw new UnauthenticatedError();
  if (issuedBeforeRevocation(tokenIssuedAt(event.headers?.authorization), user.sessions_revoked_at)) {
    throw new UnauthenticatedError('This session has been signed out: sign in again.');
  }
  if (!route.permission) return { principal, user, teamId: user.team_id, actor: user.role };
  if (!user.team_id || !user.role) throw new NoTeamError();
  if (!can(user.role, route.permission)) throw new ForbiddenError();
  return { principal, user, teamId: user.team_id, actor: user.role };
}

/** The audit log's `actor` for a caller. */
export function auditActor(caller: Caller): { type: ActorType; id: string } {
  const p = caller.principal;
  switch (p.type) {
    case 'user':
      return { type: 'user', id: p.userId };
    case 'api_key':
      return { type: 'api_key', id: p.keyId };
    case 'support':
      return { type: 'support', id: p.id };
  }
}
