import type { TaskScope } from '../../db/tasks';
import type { Principal, TeamActor } from '../../domain/actor';
import type { KeyEnvironment } from '../../domain/api-keys';
import { ValidationError } from '../../errors';

/** Who acts on tasks: a member, or the team's API key (whose environment bounds what it sees and makes). */
export type TaskActor = TeamActor & { principal: Principal };

/** The tasks an actor may see: its team's; for an API key, only those of the key's environment. */
export function taskScopeOf(actor: TaskActor): TaskScope {
  return actor.principal.type === 'api_key' ? { teamId: actor.teamId, environment: actor.principal.environment } : { teamId: actor.teamId };
}

/**
 * The environment an actor asks for (a new task's, a listing's filter): an
 * API key's own (naming the other one is a 400); a user's as asked, or
 * `fallback`.
 */
export function environmentFor<F extends KeyEnvironment | undefined>(
  actor: TaskActor,
  requested: KeyEnvironment | undefined,
  fallback: F,
): KeyEnvironment | F {
  if (actor.principal.type !== 'api_key') return requested ?? fallback;
  const own = actor.principal.environment;
  if (requested && requested !== own) {
    throw new ValidationError(`A ${own} API key works with ${own} tasks only.`, [
      { path: 'environment', message: `must be ${own} (the key's environment)` },
    ]);
  }
  return own;
}
