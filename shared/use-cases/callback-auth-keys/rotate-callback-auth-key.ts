import { auditStep } from '../../db/audit-events';
import { callbackKeyStampStep } from '../../db/callback-key-stamps';
import { actorStillAllowedSteps } from '../../db/memberships';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import type { KeyEnvironment } from '../../domain/api-keys';
import { logger } from '../../powertools';
import { getOrCreateCallbackAuthKey, newCallbackAuthKey, writeCallbackAuthKey } from '../../secrets/callback-auth-keys';

/**
 * Rotate one environment's callback auth key (admin).
 *
 * 1. Read the current key (created if the team never had one).
 * 2. Write the new key as current, the old one as previous, with
 *    `rotated_at`: for 24 h callbacks are signed with both.
 * 3. In one transaction: re-check the caller is still the admin, stamp the
 *    rotation where the sender reads it with every task it delivers (so its
 *    cached key gives way at once), write `callback_auth_key.rotated`.
 *    Refused → put the old value back (the rotation did not happen), and
 *    answer the refusal.
 */
export async function rotateCallbackAuthKey(actor: TeamActor, environment: KeyEnvironment): Promise<string> {
  const old = await getOrCreateCallbackAuthKey(actor.teamId, environment);
  const now = new Date().toISOString();
  const rotated = { current: newCallbackAuthKey(), previous: old.current, rotated_at: now };
  await writeCallbackAuthKey(actor.teamId, environment, rotated);
  try {
    await transact([
      ...actorStillAllowedSteps(actor, 'callback_keys.rotate'),
      callbackKeyStampStep(actor.teamId, environment, now),
      auditStep({
        teamId: actor.teamId,
        at: now,
        actor: actor.audit,
        action: 'callback_auth_key.rotated',
        target: { type: 'callback_auth_key', id: environment },
        details: { environment },
      }),
    ]);
  } catch (error) {
    await writeCallbackAuthKey(actor.teamId, environment, old).catch((undo: unknown) =>
      logger.error('Could not undo a callback auth key rotation whose audit was refused', { environment, error: String(undo) }),
    );
    throw error;
  }
  return rotated.current;
}
