import { describe, expect, it } from 'vitest';
import { api, latestEmailTo, signUpVerified, STRONG_PASSWORD, tokenFromEmail, uniqueEmail } from '../support/api';

/** Invitations over HTTP, through the dev server, reading tokens from the local mailbox. */

type Admin = Awaited<ReturnType<typeof signUpVerified>>;

async function invite(inviter: { tokens: { id_token: string } }, email: string, role = 'member') {
  const res = await api('POST', '/v1/team/invitations', { token: inviter.tokens.id_token, body: { email, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { invitation: res.body, token: tokenFromEmail(await latestEmailTo(email)) };
}

const newAccount = (token: string) => ({ token, password: STRONG_PASSWORD, name: 'Nia Newcomer', company: 'Guests Inc' });

async function signIn(email: string) {
  const res = await api('POST', '/v1/auth/token', { body: { email, password: STRONG_PASSWORD } });
  expect(res.status).toBe(200);
  return res.body as { id_token: string; access_token: string };
}

/** Invites a new address, accepts it with a new account and signs in as it. */
async function inviteNewMember(admin: Admin, role = 'member') {
  const email = uniqueEmail('member');
  const { token } = await invite(admin, email, role);
  const accepted = await api('POST', '/v1/invitations/accept', { body: newAccount(token) });
  expect(accepted.status).toBe(201);
  return { email, user: accepted.body.user, tokens: await signIn(email) };
}

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
}

describe('invite → mailbox → preview → accept → sign in', () => {
  it('walks an invitation from a manager to a new account in the team', async () => {
    const teamName = `Labelers ${Date.now().toString(36)}`;
    const admin = await signUpVerified({ name: 'Ada Admin', team_name: teamName });
    const email = uniqueEmail('invitee');

    const created = await api('POST', '/v1/team/invitations', { token: admin.tokens.id_token, body: { email: email.toUpperCase(), role: 'manager' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^inv_/),
      email,
      role: 'manager',
      status: 'pending',
      invited_by: admin.user.id,
      created_at: expect.any(String),
      expires_at: expect.any(String),
      accepted_at: null,
      revoked_at: null,
      email_status: 'sent',
    });
    expect(Date.parse(created.body.expires_at) - Date.parse(created.body.created_at)).toBe(7 * 24 * 3600 * 1000);

    const mail = await latestEmailTo(email);
    // The subject is ours alone: user-chosen names go only into the body.
    expect(mail.subject).toBe("You're invited to join a team on Refonte AI");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(teamName);
      expect(part).toContain('Ada Admin');
      expect(part).toContain('manager');
      expect(part).toContain(created.body.expires_at);
      expect(part).toContain('/accept-invitation?token=');
    }
    const token = tokenFromEmail(mail);

    const preview = await api('GET', `/v1/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ team_name: teamName, email, role: 'manager', invited_by_name: 'Ada Admin', expires_at: created.body.expires_at });

    const accepted = await api('POST', '/v1/invitations/accept', { body: { ...newAccount(token), job_title: 'Reviewer' } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email, name: 'Nia Newcomer', job_title: 'Reviewer', team_id: admin.team.id, role: 'manager', email_verified: true });
    expect(accepted.body.team).toMatchObject({ id: admin.team.id, name: teamName });

    const tokens = await signIn(email.toUpperCase());
    const me = await api('GET', '/v1/me', { token: tokens.access_token });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: accepted.body.user.id, team_id: admin.team.id, role: 'manager' });
    expect(me.body.team).toMatchObject({ id: admin.team.id, name: teamName });

    const listed = await api('GET', '/v1/team/invitations?status=accepted', { token: admin.tokens.id_token });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, status: 'accepted', accepted_at: expect.any(String) })]);
    expect((await api('GET', '/v1/team/invitations?status=pending', { token: admin.tokens.id_token })).body.items).toEqual([]);

    const log = await api('GET', '/v1/team/audit-log', { token: admin.tokens.id_token });
    expect(log.body.items.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'invitation.accepted', actor: { type: 'user', id: accepted.body.user.id }, target: { type: 'invitation', id: created.body.id } }),
      expect.objectContaining({ action: 'invitation.created', actor: { type: 'user', id: admin.user.id }, details: { email, role: 'manager' } }),
    ]);
  });
});

describe('refusals', () => {
  it('409 already_member for an address in this team, user_in_another_team at accept for one in another team', async () => {
    const admin = await signUpVerified();
    expectError(await api('POST', '/v1/team/invitations', { token: admin.tokens.id_token, body: { email: admin.email, role: 'member' } }), 409, 'already_member');
    const member = await inviteNewMember(admin);
    expectError(await api('POST', '/v1/team/invitations', { token: admin.tokens.id_token, body: { email: member.email.toUpperCase(), role: 'manager' } }), 409, 'already_member');

    // Another team's admin can be invited (nothing is revealed); accepting is refused, with or without credentials.
    const other = await signUpVerified();
    const { token } = await invite(admin, other.email);
    for (const attempt of [
      { body: newAccount(token) },
      { body: { token } },
      { body: { token }, token: other.tokens.id_token },
    ]) {
      const res = await api('POST', '/v1/invitations/accept', attempt);
      expectError(res, 409, 'user_in_another_team');
      expect(res.body.error.message).toMatch(/\+tag.*support/);
    }
    // The refused accepts wrote nothing: the invitation still opens.
    expect((await api('GET', `/v1/invitations/${token}`)).status).toBe(200);
  });

  it('410 gone for a used, revoked, replaced or resent-away token; concurrent accepts of one token make one 201', async () => {
    const admin = await signUpVerified();
    const auth = { token: admin.tokens.id_token };
    const gone = async (token: string) => {
      expectError(await api('GET', `/v1/invitations/${token}`), 410, 'gone');
      expectError(await api('POST', '/v1/invitations/accept', { body: newAccount(token) }), 410, 'gone');
    };

    const used = await invite(admin, uniqueEmail('used'));
    const attempts = await Promise.all(Array.from({ length: 10 }, () => api('POST', '/v1/invitations/accept', { body: newAccount(used.token) })));
    expect(attempts.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(410)]);
    await gone(used.token);

    const revoked = await invite(admin, uniqueEmail('revoked'));
    expect((await api('DELETE', `/v1/team/invitations/${revoked.invitation.id}`, auth)).status).toBe(204);
    expect((await api('DELETE', `/v1/team/invitations/${revoked.invitation.id}`, auth)).status).toBe(204);
    await gone(revoked.token);
    const revokedList = await api('GET', '/v1/team/invitations?status=revoked', auth);
    expect(revokedList.body.items.map((i: { id: string }) => i.id)).toContain(revoked.invitation.id);

    const replacedEmail = uniqueEmail('replaced');
    const replaced = await invite(admin, replacedEmail);
    const replacement = await invite(admin, replacedEmail, 'manager');
    await gone(replaced.token);
    expect((await api('GET', `/v1/invitations/${replacement.token}`)).body.role).toBe('manager');

    const resentEmail = uniqueEmail('resent');
    const original = await invite(admin, resentEmail);
    const resent = await api('POST', `/v1/team/invitations/${original.invitation.id}/resend`, auth);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: original.invitation.id, status: 'pending', email_status: 'sent' });
    const newToken = tokenFromEmail(await latestEmailTo(resentEmail));
    expect(newToken).not.toBe(original.token);
    await gone(original.token);
    expect((await api('POST', '/v1/invitations/accept', { body: newAccount(newToken) })).status).toBe(201);

    // Accepted and revoked invitations can be neither resent nor (if accepted) revoked.
    expectError(await api('POST', `/v1/team/invitations/${original.invitation.id}/resend`, auth), 409, 'invitation_not_pending');
    expectError(await api('POST', `/v1/team/invitations/${revoked.invitation.id}/resend`, auth), 409, 'invitation_not_pending');
    expectError(await api('DELETE', `/v1/team/invitations/${original.invitation.id}`, auth), 409, 'invitation_not_pending');
  });

  it('404 for an unknown token, an unknown id and another team’s invitation', async () => {
    const admin = await signUpVerified();
    const other = await signUpVerified();
    const theirs = await invite(other, uniqueEmail('theirs'));
    expectError(await api('GET', `/v1/invitations/${'x'.repeat(43)}`), 404, 'not_found');
    expectError(await api('POST', '/v1/invitations/accept', { body: newAccount('y'.repeat(43)) }), 404, 'not_found');
    for (const id of ['inv_unknown', theirs.invitation.id]) {
      expectError(await api('DELETE', `/v1/team/invitations/${id}`, { token: admin.tokens.id_token }), 404, 'not_found');
      expectError(await api('POST', `/v1/team/invitations/${id}/resend`, { token: admin.tokens.id_token }), 404, 'not_found');
    }
    expect((await api('GET', `/v1/invitations/${theirs.token}`)).status).toBe(200);
  });

  it('lets managers invite, refuses members (403) and the signed-out (401)', async () => {
    const admin = await signUpVerified();
    const manager = await inviteNewMember(admin, 'manager');
    const member = await inviteNewMember(admin, 'member');
    await invite({ tokens: manager.tokens }, uniqueEmail('by-manager'));

    const body = { email: uniqueEmail('nope'), role: 'member' };
    expectError(await api('POST', '/v1/team/invitations', { token: member.tokens.id_token, body }), 403, 'forbidden');
    expectError(await api('GET', '/v1/team/invitations', { token: member.tokens.id_token }), 403, 'forbidden');
    expectError(await api('POST', '/v1/team/invitations', { body }), 401, 'unauthenticated');
  });

  it('400 for bad input, writing nothing', async () => {
    const admin = await signUpVerified();
    const auth = { token: admin.tokens.id_token };
    const email = uniqueEmail('bad');
    for (const body of [{ email: 'not-an-email', role: 'member' }, { email, role: 'admin' }, { email }, { email, role: 'member', team_id: 'team_x' }]) {
      expectError(await api('POST', '/v1/team/invitations', { ...auth, body }), 400, 'validation_failed');
    }
    for (const query of ['limit=0', 'limit=101', 'status=bogus', 'next_token=garbage']) {
      expectError(await api('GET', `/v1/team/invitations?${query}`, auth), 400, 'validation_failed');
    }
    expect((await api('GET', '/v1/team/invitations', auth)).body).toEqual({ items: [], next_token: null });

    const { token } = await invite(admin, email);
    const missing = await api('POST', '/v1/invitations/accept', { body: { token, password: STRONG_PASSWORD } });
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(['name', 'company']);
    expectError(await api('POST', '/v1/invitations/accept', { body: { ...newAccount(token), password: 'weak' } }), 400, 'validation_failed');
    expectError(await api('POST', '/v1/invitations/accept', { body: { ...newAccount(token), role: 'admin' } }), 400, 'validation_failed');
    expectError(await api('POST', '/v1/invitations/accept', { body: newAccount(token), token: 'not-a-jwt' }), 401, 'unauthenticated');
    // Still pending and usable.
    expect((await api('POST', '/v1/invitations/accept', { body: newAccount(token) })).status).toBe(201);
  });
});

describe('an existing account with no team', () => {
  it('accepts with its Bearer token (no password) after leaving its team, and joins with the invited role', async () => {
    const first = await signUpVerified();
    const leaver = await inviteNewMember(first);
    expect((await api('DELETE', `/v1/team/members/${leaver.user.id}`, { token: leaver.tokens.id_token })).status).toBe(204);

    const second = await signUpVerified({ team_name: 'Second Team' });
    const { token } = await invite(second, leaver.email, 'manager');
    const signedOut = await api('POST', '/v1/invitations/accept', { body: newAccount(token) });
    expectError(signedOut, 401, 'unauthenticated');
    expect(signedOut.body.error.message).toMatch(/sign in.*Bearer/);
    expectError(await api('POST', '/v1/invitations/accept', { body: { token }, token: second.tokens.id_token }), 403, 'forbidden');

    const joined = await api('POST', '/v1/invitations/accept', { body: { token, phone: '+1 555 0100' }, token: leaver.tokens.access_token });
    expect(joined.status).toBe(201);
    expect(joined.body.user).toMatchObject({ id: leaver.user.id, team_id: second.team.id, role: 'manager', phone: '+1 555 0100', name: 'Nia Newcomer' });
    const me = await api('GET', '/v1/me', { token: leaver.tokens.id_token });
    expect(me.body.user).toMatchObject({ team_id: second.team.id, role: 'manager' });
    expect(me.body.team).toMatchObject({ id: second.team.id, name: 'Second Team' });
  });
});

describe('accepting with an existing account', () => {
  it('refuses a session the account signed out of, and takes a fresh one', async () => {
    const admin = await signUpVerified();
    const member = await inviteNewMember(admin);
    // Removed, the account has no team; it signs in twice and signs out of everything with the second session.
    expect((await api('DELETE', `/v1/team/members/${member.user.id}`, { token: admin.tokens.id_token })).status).toBe(204);
    const before = await signIn(member.email);
    const session = (await api('POST', '/v1/auth/token', { body: { email: member.email, password: STRONG_PASSWORD } })).body;
    // Token times are whole seconds: let the sign-out fall in a later second than the first session's issue.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api('POST', '/v1/auth/logout', { token: session.access_token, body: { refresh_token: session.refresh_token } })).status).toBe(204);

    const { token } = await invite(admin, member.email);
    const stale = await api('POST', '/v1/invitations/accept', { token: before.access_token, body: { token, name: 'Hijacked' } });
    expectError(stale, 401, 'unauthenticated');
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = await signIn(member.email);
    const accepted = await api('POST', '/v1/invitations/accept', { token: fresh.access_token, body: { token } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.user.name).toBe('Nia Newcomer');
  });
});
