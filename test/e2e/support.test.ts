import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';

const reason = 'Ticket 1234: the company asked for it';
/** A support call: the local stack takes the support token as a Bearer token. */
const support = (method: string, path: string, body?: unknown) => api(method, path, { token: outputs().support_token, body });
const attach = (teamId: string, email: string, role = 'member') => support('POST', `/support/teams/${teamId}/members`, { email, role, reason });

describe('the support surface over HTTP', () => {
  it('requires the support token, and a reason for every change', async () => {
    const { tokens, team, user, email } = await signUpVerified();
    const calls: [string, string, unknown?][] = [
      ['GET', `/support/users?email=${encodeURIComponent(email)}`],
      ['GET', `/support/teams/${team.id}`],
      ['POST', `/support/teams/${team.id}/admin`, { user_id: user.id, reason }],
      ['POST', `/support/teams/${team.id}/members`, { email, role: 'member', reason }],
    ];
    for (const [method, path, body] of calls) {
      for (const token of [undefined, tokens.id_token, 'not-the-support-token']) {
        const res = await api(method, path, { token, body });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.error.code).toBe('unauthenticated');
      }
    }
    for (const [path, body] of [
      [`/support/teams/${team.id}/admin`, { user_id: user.id }],
      [`/support/teams/${team.id}/admin`, { user_id: user.id, reason: '   ' }],
      [`/support/teams/${team.id}/members`, { email, role: 'member' }],
      [`/support/teams/${team.id}/members`, { email, role: 'admin', reason }],
    ] as const) {
      const res = await support('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('finds an account by email and reads a team with its members', async () => {
    const { team, user, email } = await signUpVerified();
    const found = await support('GET', `/support/users?email=${encodeURIComponent(email.toUpperCase())}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ items: [expect.objectContaining({ id: user.id, email, team_id: team.id, role: 'admin' })], next_token: null });
    const none = await support('GET', `/support/users?email=${encodeURIComponent(email.replace('@', '+x@'))}`);
    expect(none.body).toEqual({ items: [], next_token: null });

    const view = await support('GET', `/support/teams/${team.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ ...team, status: 'active', closed_at: null, member_count: 1 });
    expect(view.body.members).toEqual([expect.objectContaining({ user_id: user.id, role: 'admin' })]);
    expect((await support('GET', '/support/teams/team_unknown')).status).toBe(404);
  });

  it('attaches an account that signed up alone, closing its own team', async () => {
    const owner = await signUpVerified({ team_name: 'Main' });
    const loner = await signUpVerified({ team_name: 'Just me' });

    const attached = await attach(owner.team.id, loner.email.toUpperCase(), 'manager');
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ id: owner.team.id, status: 'active', member_count: 2, user: { id: loner.user.id, team_id: owner.team.id, role: 'manager' } });
    expect(attached.body.members.map((m: { user_id: string }) => m.user_id)).toEqual([owner.user.id, loner.user.id]);

    const old = await support('GET', `/support/teams/${loner.team.id}`);
    expect(old.body).toMatchObject({ status: 'closed', member_count: 0, admin_user_id: loner.user.id, closed_at: expect.any(String), members: [] });
    const me = await api('GET', '/v1/me', { token: loner.tokens.id_token });
    expect(me.body).toMatchObject({ user: { team_id: owner.team.id, role: 'manager' }, team: { id: owner.team.id, name: 'Main' } });
    expect((await api('GET', '/v1/team', { token: loner.tokens.id_token })).body.id).toBe(owner.team.id);

    const log = await api('GET', '/v1/team/audit-log?limit=1', { token: owner.tokens.id_token });
    expect(log.body.items[0]).toMatchObject({
      action: 'member.attached',
      actor: { type: 'support', id: expect.any(String) },
      target: { type: 'user', id: loner.user.id },
      details: { role: 'manager', reason },
    });

    // Already in this team, or in a team with others: refused, nothing moves.
    const other = await signUpVerified();
    for (const [teamId, email, code] of [
      [owner.team.id, loner.email, 'already_member'],
      [other.team.id, loner.email, 'user_in_another_team'],
      [other.team.id, owner.email, 'user_in_another_team'],
    ]) {
      const res = await attach(teamId!, email!);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(code);
    }
    expect((await attach(owner.team.id, 'nobody-at-all@example.com')).status).toBe(404);
    expect((await attach('team_unknown', other.email)).status).toBe(404);
    const closed = await attach(loner.team.id, other.email);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('team_closed');
  });

  it('transfers the admin role: the old admin becomes manager, the new one can do admin things', async () => {
    const first = await signUpVerified();
    const second = await signUpVerified();
    await attach(first.team.id, second.email, 'member');

    const transferred = await support('POST', `/support/teams/${first.team.id}/admin`, { user_id: second.user.id, reason });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ id: first.team.id, admin_user_id: second.user.id, user: { id: second.user.id, role: 'admin' } });

    expect((await api('GET', '/v1/team', { token: first.tokens.id_token })).body.admin_user_id).toBe(second.user.id);
    expect((await api('GET', '/v1/me', { token: first.tokens.id_token })).body.user.role).toBe('manager');
    expect((await api('GET', '/v1/me', { token: second.tokens.id_token })).body.user.role).toBe('admin');
    // The old admin is now an ordinary manager: the new admin is out of their reach...
    const demote = await api('PATCH', `/v1/team/members/${second.user.id}`, { token: first.tokens.id_token, body: { role: 'member' } });
    expect(demote.status).toBe(403);
    expect(demote.body.error.code).toBe('admin_managed_by_support');
    // ...while the new admin manages them like any other member.
    const byNewAdmin = await api('PATCH', `/v1/team/members/${first.user.id}`, { token: second.tokens.id_token, body: { role: 'member' } });
    expect(byNewAdmin.body).toMatchObject({ user_id: first.user.id, role: 'member' });

    const log = await api('GET', '/v1/team/audit-log?limit=2', { token: second.tokens.id_token });
    expect(log.body.items[1]).toMatchObject({
      action: 'admin.transferred',
      actor: { type: 'support' },
      target: { type: 'user', id: second.user.id },
      details: { from: first.user.id, to: second.user.id, reason },
    });

    // The current admin again: nothing changes.
    const same = await support('POST', `/support/teams/${first.team.id}/admin`, { user_id: second.user.id, reason });
    expect(same.status).toBe(200);
    expect(same.body.admin_user_id).toBe(second.user.id);
    // Someone who is not a member of that team: 404, as in the customer API.
    const outsider = await signUpVerified();
    const refused = await support('POST', `/support/teams/${first.team.id}/admin`, { user_id: outsider.user.id, reason });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('not_found');
    expect((await support('POST', '/support/teams/team_unknown/admin', { user_id: outsider.user.id, reason })).status).toBe(404);
  });
});
