import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';
import { API_KEY_PATTERN, isWellFormedApiKey } from '../../shared/domain/api-keys';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
const as = (who: SignedUp) => who.tokens.id_token;
const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function withRole(admin: SignedUp, role: 'member' | 'manager') {
  const who = await signUpVerified({ name: `Ann ${role}`, team_name: 'Solo' });
  const attached = await api('POST', `/support/teams/${admin.team.id}/members`, {
    token: outputs().support_token,
    body: { email: who.email, role, reason: 'e2e set-up' },
  });
  expect(attached.status).toBe(200);
  return who;
}

describe('API keys over HTTP', () => {
  it('lists page by page, oldest first, with limit and next_token as every list does; a bad limit or cursor is a 400', async () => {
    const [admin, other] = await Promise.all([signUpVerified(), signUpVerified()]);
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const created = await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'test', name } });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const first = await api('GET', '/v1/api-keys?limit=2', { token: as(admin) });
    expect(first.status).toBe(200);
    expect(first.body.items.map((k: { name: string }) => k.name)).toEqual(['one', 'two']);
    expect(first.body.next_token).toEqual(expect.any(String));
    const rest = await api('GET', `/v1/api-keys?limit=2&next_token=${first.body.next_token}`, { token: as(admin) });
    expect(rest.body.items.map((k: { id: string }) => k.id)).toEqual([ids[2]]);
    expect(rest.body.next_token).toBeNull();
    expect((await api('GET', '/v1/api-keys', { token: as(admin) })).body.items).toHaveLength(3);

    // A cursor of the right team's partition that points outside its keys is not one this list gave out.
    const { PK } = JSON.parse(Buffer.from(first.body.next_token, 'base64url').toString('utf8'));
    const elsewhere = Buffer.from(JSON.stringify({ PK, SK: 'MEMBER#x' })).toString('base64url');
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'next_token=zzz', `next_token=${elsewhere}`]) {
      const refused = await api('GET', `/v1/api-keys?${query}`, { token: as(admin) });
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    // A cursor names its team's partition: another team cannot page through this one's keys with it.
    const foreign = await api('GET', `/v1/api-keys?next_token=${first.body.next_token}`, { token: as(other) });
    expect(foreign.status).toBe(400);
  });

  it('creates, lists, reveals and deletes a key, each audited; the key authenticates (Basic and Bearer) until deleted', async () => {
    const admin = await signUpVerified();
    const created = await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'test', name: 'CI' } });
    expect(created.status).toBe(201);
    const { key, id } = created.body;
    expect(key).toMatch(API_KEY_PATTERN);
    expect(key.startsWith('test_')).toBe(true);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(created.body).toMatchObject({ environment: 'test', name: 'CI', last_four: key.slice(-4), created_by: admin.user.id, last_used_at: null });

    // Authenticated with either scheme; an API key holds no right on today's routes (403, not 401).
    for (const headers of [basic(key), bearer(key)]) {
      const res = await api('GET', '/v1/team', { headers });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }

    const list = await api('GET', '/v1/api-keys', { token: as(admin) });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id, environment: 'test', name: 'CI', last_four: key.slice(-4) });
    expect(list.body.items[0].last_used_at).toEqual(expect.any(String));
    expect(JSON.stringify(list.body)).not.toContain(key);

    const revealed = await api('GET', `/v1/api-keys/${id}/secret`, { token: as(admin) });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ key });

    const deleted = await api('DELETE', `/v1/api-keys/${id}`, { token: as(admin) });
    expect(deleted.status).toBe(204);
    // A header the dev server never cached: refused at once.
    const after = await api('GET', '/v1/team', { headers: { authorization: `bearer ${key}` } });
    expect(after.status).toBe(401);
    expect((await api('GET', `/v1/api-keys/${id}/secret`, { token: as(admin) })).status).toBe(404);
    expect((await api('DELETE', `/v1/api-keys/${id}`, { token: as(admin) })).status).toBe(404);

    const log = await api('GET', '/v1/team/audit-log?limit=10', { token: as(admin) });
    const actions = log.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revealed', 'api_key.deleted']));
    expect(JSON.stringify(log.body)).not.toContain(key);
  });

  it('refuses a key with a broken checksum before any lookup (401)', async () => {
    const admin = await signUpVerified();
    const { key } = (await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'live' } })).body;
    const typo = key.slice(0, 10) + (key[10] === 'a' ? 'b' : 'a') + key.slice(11);
    expect((await api('GET', '/v1/team', { headers: bearer(typo) })).status).toBe(401);
    expect((await api('GET', '/v1/team', { headers: basic(typo) })).status).toBe(401);
  });

  it('is manager+: a member gets 403; another team sees 404 for our keys', async () => {
    const admin = await signUpVerified();
    const member = await withRole(admin, 'member');
    const manager = await withRole(admin, 'manager');
    const other = await signUpVerified();
    const created = await api('POST', '/v1/api-keys', { token: as(manager), body: { environment: 'live' } });
    expect(created.status).toBe(201);
    expect(created.body.key.startsWith('live_')).toBe(true);
    expect((await api('GET', '/v1/api-keys', { token: as(member) })).status).toBe(403);
    expect((await api('POST', '/v1/api-keys', { token: as(member), body: { environment: 'live' } })).status).toBe(403);
    expect((await api('GET', `/v1/api-keys/${created.body.id}/secret`, { token: as(other) })).status).toBe(404);
    expect((await api('DELETE', `/v1/api-keys/${created.body.id}`, { token: as(other) })).status).toBe(404);
    expect((await api('GET', '/v1/api-keys', { token: as(other) })).body.items).toEqual([]);
    // An API key manages no keys.
    expect((await api('GET', '/v1/api-keys', { headers: bearer(created.body.key) })).status).toBe(403);
    expect((await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'prod' } })).status).toBe(400);
  });

  it('caps a team at 20 keys per environment (409 key_limit_reached); deleting one frees a place', async () => {
    const admin = await signUpVerified();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'test' } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const over = await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'test' } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('key_limit_reached');
    // The other environment has its own 20.
    expect((await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'live' } })).status).toBe(201);
    expect((await api('DELETE', `/v1/api-keys/${ids[0]}`, { token: as(admin) })).status).toBe(204);
    expect((await api('POST', '/v1/api-keys', { token: as(admin), body: { environment: 'test' } })).status).toBe(201);
  }, 60_000);
});

describe('API keys of a closed team', () => {
  it('stop authenticating when support attaches the sole member elsewhere (the team closes)', async () => {
    const target = await signUpVerified();
    const loner = await signUpVerified({ name: 'Lone Admin', team_name: 'Solo' });
    const { key } = (await api('POST', '/v1/api-keys', { token: as(loner), body: { environment: 'live' } })).body;
    expect((await api('GET', '/v1/team', { headers: bearer(key) })).status).toBe(403);
    const attached = await api('POST', `/support/teams/${target.team.id}/members`, {
      token: outputs().support_token,
      body: { email: loner.email, role: 'member', reason: 'e2e: close the loner team' },
    });
    expect(attached.status).toBe(200);
    // A header not cached by the dev server: the key's lookup item went with the closure.
    expect((await api('GET', '/v1/team', { headers: basic(key) })).status).toBe(401);
  });
});
