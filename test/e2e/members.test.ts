import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;

/**
 * A team of an admin and one account per role given, each signed up on its
 * own and attached by support (the route that needs no invitation).
 */
async function teamWith(roles: readonly ('member' | 'manager')[]) {
  const admin = await signUpVerified();
  const members: SignedUp[] = [];
  for (const role of roles) {
    const member = await signUpVerified({ name: `Ann ${role}`, team_name: 'Solo' });
    const attached = await api('POST', `/support/teams/${admin.team.id}/members`, {
      token: outputs().support_token,
      body: { email: member.email, role, reason: 'e2e set-up' },
    });
    expect(attached.status).toBe(200);
    members.push(member);
  }
  return { admin, members, teamId: admin.team.id as string };
}

const as = (who: SignedUp) => who.tokens.id_token;
const memberPath = (who: SignedUp | string) => `/v1/team/members/${typeof who === 'string' ? who : who.user.id}`;

describe('team members over HTTP', () => {
  it('lists the members to any member, in joining order, page by page', async () => {
    const { admin, members } = await teamWith(['member', 'manager']);
    const list = await api('GET', '/v1/team/members', { token: as(members[0]!) });
    expect(list.status).toBe(200);
    expect(list.body.next_token).toBeNull();
    expect(list.body.items).toEqual([
      { user_id: admin.user.id, email: admin.email, name: 'Ada Admin', company: 'Acme', role: 'admin', joined_at: expect.any(String) },
      { user_id: members[0]!.user.id, email: members[0]!.email, name: 'Ann member', company: 'Acme', role: 'member', joined_at: expect.any(String) },
      { user_id: members[1]!.user.id, email: members[1]!.email, name: 'Ann manager', company: 'Acme', role: 'manager', joined_at: expect.any(String) },
    ]);

    const first = await api('GET', '/v1/team/members?limit=2', { token: as(admin) });
    expect(first.body.items).toHaveLength(2);
    const second = await api('GET', `/v1/team/members?limit=2&next_token=${first.body.next_token}`, { token: as(admin) });
    expect(second.body.items.map((m: { user_id: string }) => m.user_id)).toEqual([members[1]!.user.id]);
    for (const limit of ['0', '101', 'x']) {
      const bad = await api('GET', `/v1/team/members?limit=${limit}`, { token: as(admin) });
      expect(bad.status, limit).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
  });

  it('changes roles member ↔ manager for managers, and leaves the admin role to support', async () => {
    const { admin, members } = await teamWith(['member', 'manager', 'member']);
    const [ann, max, joe] = members as [SignedUp, SignedUp, SignedUp];

    const promoted = await api('PATCH', memberPath(ann), { token: as(max), body: { role: 'manager' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ user_id: ann.user.id, email: ann.email, name: 'Ann member', company: 'Acme', role: 'manager', joined_at: expect.any(String) });
    const again = await api('PATCH', memberPath(ann), { token: as(max), body: { role: 'manager' } });
    expect(again.status).toBe(200);
    // The change bites on Ann's very next request: she may now manage roles.
    expect((await api('PATCH', memberPath(joe), { token: as(ann), body: { role: 'manager' } })).status).toBe(200);
    expect((await api('PATCH', memberPath(joe), { token: as(ann), body: { role: 'member' } })).status).toBe(200);

    const refusals: [string, SignedUp, string, unknown, number, string][] = [
      ['a member changing a role', joe, memberPath(ann), { role: 'member' }, 403, 'forbidden'],
      ['demoting the admin', max, memberPath(admin), { role: 'member' }, 403, 'admin_managed_by_support'],
      ['making an admin', admin, memberPath(ann), { role: 'admin' }, 403, 'admin_managed_by_support'],
      ['an unknown user', max, memberPath('user_nobody'), { role: 'member' }, 404, 'not_found'],
      ['an unknown role', max, memberPath(ann), { role: 'owner' }, 400, 'validation_failed'],
      ['an extra field', max, memberPath(ann), { role: 'member', team_id: 'x' }, 400, 'validation_failed'],
    ];
    for (const [what, caller, path, body, status, code] of refusals) {
      const res = await api('PATCH', path, { token: as(caller), body });
      expect(res.status, what).toBe(status);
      expect(res.body.error.code, what).toBe(code);
    }
    const stranger = await signUpVerified();
    const theirs = await api('PATCH', memberPath(stranger), { token: as(max), body: { role: 'manager' } });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('not_found');
  });

  it('removes a member, who loses team access on the next request but keeps the account', async () => {
    const { admin, members, teamId } = await teamWith(['member', 'manager', 'member']);
    const [ann, max, joe] = members as [SignedUp, SignedUp, SignedUp];

    expect((await api('DELETE', memberPath(ann), { token: as(joe) })).status).toBe(403);
    for (const caller of [max, admin]) {
      const res = await api('DELETE', memberPath(admin), { token: as(caller) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('admin_managed_by_support');
    }

    const removed = await api('DELETE', memberPath(ann), { token: as(max) });
    expect(removed.status).toBe(204);
    expect(removed.body).toBeNull();
    for (const path of ['/v1/team', '/v1/team/members']) {
      const res = await api('GET', path, { token: as(ann) });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('no_team');
    }
    const me = await api('GET', '/v1/me', { token: as(ann) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: ann.user.id, team_id: null, role: null }, team: null });
    expect((await api('DELETE', memberPath(ann), { token: as(max) })).status).toBe(404);

    // Leaving: any non-admin may remove themself.
    expect((await api('DELETE', memberPath(joe), { token: as(joe) })).status).toBe(204);
    expect((await api('GET', '/v1/team', { token: as(joe) })).body.error.code).toBe('no_team');

    const left = await api('GET', '/v1/team/members', { token: as(admin) });
    expect(left.body.items.map((m: { user_id: string }) => m.user_id)).toEqual([admin.user.id, max.user.id]);

    // The account can come back.
    const back = await api('POST', `/support/teams/${teamId}/members`, {
      token: outputs().support_token,
      body: { email: ann.email, role: 'member', reason: 'rejoining' },
    });
    expect(back.status).toBe(200);
    expect((await api('GET', '/v1/team', { token: as(ann) })).status).toBe(200);
  });

  it('records every change in the audit log, newest first, for managers only', async () => {
    const { admin, members } = await teamWith(['member', 'member']);
    const [ann, joe] = members as [SignedUp, SignedUp];
    await api('PATCH', memberPath(ann), { token: as(admin), body: { role: 'manager' } });
    await api('DELETE', memberPath(joe), { token: as(ann) });
    await api('DELETE', memberPath(ann), { token: as(ann) });

    const log = await api('GET', '/v1/team/audit-log', { token: as(admin) });
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'member.left',
      'member.removed',
      'member.role_changed',
      'member.attached',
      'member.attached',
      'user.email_verified',
      'team.created',
    ]);
    expect(log.body.items[2]).toEqual({
      id: expect.stringMatching(/^evt_/),
      at: expect.any(String),
      actor: { type: 'user', id: admin.user.id },
      action: 'member.role_changed',
      target: { type: 'user', id: ann.user.id },
      details: { from: 'member', to: 'manager' },
    });
    expect(log.body.items[1]).toMatchObject({ actor: { type: 'user', id: ann.user.id }, target: { id: joe.user.id } });

    const page = await api('GET', '/v1/team/audit-log?limit=4', { token: as(admin) });
    const rest = await api('GET', `/v1/team/audit-log?limit=4&next_token=${page.body.next_token}`, { token: as(admin) });
    expect([...page.body.items, ...rest.body.items].map((e: { id: string }) => e.id)).toEqual(log.body.items.map((e: { id: string }) => e.id));

    const stranger = await signUpVerified();
    const crossTeam = await api('GET', `/v1/team/audit-log?next_token=${page.body.next_token}`, { token: as(stranger) });
    expect(crossTeam.status).toBe(400);
    await api('POST', `/support/teams/${admin.team.id}/members`, {
      token: outputs().support_token,
      body: { email: joe.email, role: 'member', reason: 'back' },
    });
    const forbidden = await api('GET', '/v1/team/audit-log', { token: as(joe) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });
});
