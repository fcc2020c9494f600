import { describe, expect, it } from 'vitest';
import { DeleteSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { callbackAuthKeySecretName } from '../../shared/secrets/callback-auth-keys';
import { api, outputs, signUpVerified } from '../support/api';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
const as = (who: SignedUp) => who.tokens.id_token;

describe('callback auth keys over HTTP', () => {
  it('gives a team live and test keys when its admin verifies, the same on every read, and another team other keys', async () => {
    const admin = await signUpVerified();
    // Made by the verification itself, before anyone read them.
    const made = await Promise.all(
      (['live', 'test'] as const).map(async (environment) => {
        const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: callbackAuthKeySecretName(admin.team.id, environment) }));
        return (JSON.parse(SecretString!) as { current: string }).current;
      }),
    );
    const first = await api('GET', '/v1/callback-auth-keys', { token: as(admin) });
    expect(first.status).toBe(200);
    expect([first.body.live, first.body.test]).toEqual(made);
    expect(first.body.live).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.body.test).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.body.live).not.toBe(first.body.test);
    expect((await api('GET', '/v1/callback-auth-keys', { token: as(admin) })).body).toEqual(first.body);
    const other = await signUpVerified();
    const theirs = (await api('GET', '/v1/callback-auth-keys', { token: as(other) })).body;
    expect([theirs.live, theirs.test]).not.toContain(first.body.live);
  });

  it('makes a key that went missing (a crash right after verifying) on the first read', async () => {
    const admin = await signUpVerified();
    await secretsManager.send(new DeleteSecretCommand({ SecretId: callbackAuthKeySecretName(admin.team.id, 'test'), ForceDeleteWithoutRecovery: true }));
    const first = await api('GET', '/v1/callback-auth-keys', { token: as(admin) });
    expect(first.status).toBe(200);
    expect(first.body.test).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await api('GET', '/v1/callback-auth-keys', { token: as(admin) })).body).toEqual(first.body);
  });

  it('rotates one environment (admin only), audited; the other keeps its key', async () => {
    const admin = await signUpVerified();
    // Rotating before any read of the keys.
    const early = await api('POST', '/v1/callback-auth-keys/rotate', { token: as(admin), body: { environment: 'live' } });
    expect(early.status).toBe(200);
    const before = (await api('GET', '/v1/callback-auth-keys', { token: as(admin) })).body;
    expect(before.live).toBe(early.body.key);
    const rotated = await api('POST', '/v1/callback-auth-keys/rotate', { token: as(admin), body: { environment: 'test' } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.environment).toBe('test');
    expect(rotated.body.key).not.toBe(before.test);
    const after = (await api('GET', '/v1/callback-auth-keys', { token: as(admin) })).body;
    expect(after).toEqual({ live: before.live, test: rotated.body.key });

    const manager = await signUpVerified({ name: 'Ann manager', team_name: 'Solo' });
    expect(
      (await api('POST', `/support/teams/${admin.team.id}/members`, {
        token: outputs().support_token,
        body: { email: manager.email, role: 'manager', reason: 'e2e set-up' },
      })).status,
    ).toBe(200);
    expect((await api('GET', '/v1/callback-auth-keys', { token: as(manager) })).status).toBe(200);
    expect((await api('POST', '/v1/callback-auth-keys/rotate', { token: as(manager), body: { environment: 'test' } })).status).toBe(403);
    expect((await api('POST', '/v1/callback-auth-keys/rotate', { token: as(admin), body: { environment: 'prod' } })).status).toBe(400);

    const log = await api('GET', '/v1/team/audit-log?limit=20', { token: as(admin) });
    const rotations = log.body.items.filter((e: { action: string }) => e.action === 'callback_auth_key.rotated');
    expect(rotations.map((e: { details: { environment: string } }) => e.details.environment).sort()).toEqual(['live', 'test']);
    expect(JSON.stringify(log.body)).not.toContain(rotated.body.key);
  });
});
