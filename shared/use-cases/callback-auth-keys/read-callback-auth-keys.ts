import type { TeamActor } from '../../domain/actor';
import { getOrCreateCallbackAuthKey } from '../../secrets/callback-auth-keys';

/**
 * The team's callback auth keys (manager+): the current live and test keys,
 * each created on first read (see shared/secrets/callback-auth-keys).
 */
export async function readCallbackAuthKeys(actor: TeamActor): Promise<{ live: string; test: string }> {
  const [live, test] = await Promise.all([getOrCreateCallbackAuthKey(actor.teamId, 'live'), getOrCreateCallbackAuthKey(actor.teamId, 'test')]);
  return { live: live.current, test: test.current };
}
