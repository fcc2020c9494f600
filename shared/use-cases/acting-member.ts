import { actorAllowedStep } from '../db/memberships';
import type { TransactStep } from '../db/transact';
import type { Permission } from '../domain/permissions';
import type { Caller } from '../http/caller';

/**
 * The steps a manager's or admin's write carries so that it commits only
 * while its actor still holds the permission in the team (see
 * `actorAllowedStep`). Support acts from outside any team, and API keys are
 * authenticated per request by the authorizer, so only users are re-checked.
 * `unlessTarget`: a write that already conditions the actor's own user item
 * (a change to themself) must not check it twice in one transaction.
 */
export function actorStillAllowed(caller: Caller, permission: Permission, unlessTarget?: string): TransactStep[] {
  const { principal, teamId } = caller;
  if (principal.type !== 'user' || !teamId || principal.userId === unlessTarget) return [];
  return [actorAllowedStep(principal.userId, teamId, permission)];
}
