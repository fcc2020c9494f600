import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/routes';
import { DescribeSecretCommand, GetSecretValueCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/clients/dynamodb';
import { keys, TABLE_NAME } from '../../shared/db/table';
import {
  callbackAuthKeySecretName,
  callbackSigningKeys,
  getOrCreateCallbackAuthKey,
  PREVIOUS_KEY_VALID_MS,
} from '../../shared/secrets/callback-auth-keys';
import { provisionAllCallbackAuthKeys } from '../../shared/use-cases/maintenance/provision-callback-auth-keys';
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

describe('the callback-auth-keys migration (teams verified before keys were made at verification)', () => {
  const secretOf = async (teamId: string, environment: 'live' | 'test') => {
    const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: callbackAuthKeySecretName(teamId, environment) }));
    return SecretString;
  };

  it('gives every active team its live and test keys, tagged; a second run changes none; a closed team gets none', async () => {
    const { team } = await createTeam();
    const { team: closed } = await createTeam();
    await dynamo.send(
      new UpdateCommand({ TableName: TABLE_NAME, Key: keys.team(closed.id), UpdateExpression: 'SET #s = :closed', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':closed': 'closed' } }),
    );
    await expect(secretOf(team.id, 'live')).rejects.toBeInstanceOf(ResourceNotFoundException);

    const first = await provisionAllCallbackAuthKeys();
    expect(first.teams).toBeGreaterThanOrEqual(1);
    expect(first.keysCreated).toBeGreaterThanOrEqual(2);
    const live = await secretOf(team.id, 'live');
    const test = await secretOf(team.id, 'test');
    expect(JSON.parse(live!)).toMatchObject({ current: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), previous: null });
    expect(live).not.toBe(test);
    const { Tags } = await secretsManager.send(new DescribeSecretCommand({ SecretId: callbackAuthKeySecretName(team.id, 'test') }));
    expect(Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: team.id }, { Key: 'environment', Value: 'test' }]));
    await expect(secretOf(closed.id, 'live')).rejects.toBeInstanceOf(ResourceNotFoundException);

    // Idempotent: the keys a team already uses are never replaced.
    await provisionAllCallbackAuthKeys();
    expect(await secretOf(team.id, 'live')).toBe(live);
    expect(await secretOf(team.id, 'test')).toBe(test);
    expect((await getOrCreateCallbackAuthKey(team.id, 'live')).current).toBe(JSON.parse(live!).current);
  });
});
