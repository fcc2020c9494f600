import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/routes';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { callbackSigningKeys, getOrCreateCallbackAuthKey, PREVIOUS_KEY_VALID_MS } from '../../shared/secrets/callback-auth-keys';
import { rotateCallbackAuthKey } from '../../shared/use-cases/callback-auth-keys/rotate-callback-auth-key';
import { authorizedCaller, createTeam } from '../support/membership-fixtures';

afterEach(() => vi.restoreAllMocks());

describe('callback auth keys against moto', () => {
  it('concurrent first reads agree on one key', async () => {
    const { team } = await createTeam();
    const reads = await Promise.all(Array.from({ length: 8 }, () => getOrCreateCallbackAuthKey(team.id, 'live')));
    expect(new Set(reads.map((r) => r.current)).size).toBe(1);
  });

  it('the sender signs with the new and the previous key for 24 h after a rotation, reading Secrets Manager at most once a minute', async () => {
    const { team, admin } = await createTeam();
    const caller = await authorizedCaller(routes.rotateCallbackAuthKey, admin.id);
    const old = (await getOrCreateCallbackAuthKey(team.id, 'test')).current;
    const fresh = await rotateCallbackAuthKey(caller, 'test');

    const send = vi.spyOn(secretsManager, 'send');
    expect(await callbackSigningKeys(team.id, 'test')).toEqual([fresh, old]);
    for (let i = 0; i < 10; i++) await callbackSigningKeys(team.id, 'test');
    expect(send).toHaveBeenCalledTimes(1);
    expect(await callbackSigningKeys(team.id, 'test', new Date(Date.now() + PREVIOUS_KEY_VALID_MS + 1000))).toEqual([fresh]);
  });
});
