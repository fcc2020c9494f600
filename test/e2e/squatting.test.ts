import { describe, expect, it } from 'vitest';
import { api, mailbox, outputs, signUpVerified, tokenFromEmail, uniqueEmail } from '../support/api';

/**
 * The squatting attack over HTTP: sign up with the victim's address and a
 * password of the attacker's choosing, and wait for the victim.
 */
const body = (email: string, name: string, password: string) => ({ email, password, name, company: 'Co', team_name: `${name} team` });
const tokenFor = async (email: string, name: string) =>
  tokenFromEmail((await mailbox()).filter((m) => m.to.includes(email) && m.text.includes(`Hi ${name},`)).at(-1)!);

describe('nobody holds an address they do not own', () => {
  it("squat, then the owner signs up and verifies: the squatter's password is refused, the squatter's link is dead", async () => {
    const email = uniqueEmail('victim');
    const squat = await api('POST', '/v1/signup', { body: body(email, 'Mallory', 'Squatter!Passw0rd-1') });
    expect(squat.status).toBe(201);
    const owner = await api('POST', '/v1/signup', { body: body(email, 'Alice', 'Owner!Passw0rd-0001') });
    expect(owner.status).toBe(201);
    expect(owner.body.team.id).not.toBe(squat.body.team.id);

    const dead = await api('POST', '/v1/signup/verify', { body: { token: await tokenFor(email, 'Mallory') } });
    expect(dead.status).toBe(410);
    expect((await api('POST', '/v1/signup/verify', { body: { token: await tokenFor(email, 'Alice') } })).status).toBe(200);

    const attacker = await api('POST', '/v1/auth/token', { body: { email, password: 'Squatter!Passw0rd-1' } });
    expect(attacker.status).toBe(401);
    const signedIn = await api('POST', '/v1/auth/token', { body: { email, password: 'Owner!Passw0rd-0001' } });
    expect(signedIn.status).toBe(200);
    const me = await api('GET', '/v1/me', { token: signedIn.body.access_token });
    expect(me.body.user).toMatchObject({ name: 'Alice', team_id: owner.body.team.id, role: 'admin' });

    const again = await api('POST', '/v1/signup', { body: body(email, 'Mallory', 'Squatter!Passw0rd-1') });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
  });

  it("an invitation to a squatted address: the owner accepts it (201), not 409 user_in_another_team, and the squatter is out", async () => {
    const { tokens: manager, team } = await signUpVerified();
    const email = uniqueEmail('invitee');
    expect((await api('POST', '/v1/signup', { body: body(email, 'Mallory', 'Squatter!Passw0rd-1') })).status).toBe(201);
    expect((await api('POST', '/v1/team/invitations', { token: manager.access_token, body: { email, role: 'member' } })).status).toBe(201);
    const invite = tokenFromEmail((await mailbox()).filter((m) => m.to.includes(email) && m.text.includes('accept-invitation')).at(-1)!);
    const accepted = await api('POST', '/v1/invitations/accept', {
      body: { token: invite, password: 'Owner!Passw0rd-0001', name: 'Alice', company: 'Co' },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.team.id).toBe(team.id);
    expect((await api('POST', '/v1/auth/token', { body: { email, password: 'Squatter!Passw0rd-1' } })).status).toBe(401);
    expect((await api('POST', '/v1/signup/verify', { body: { token: await tokenFor(email, 'Mallory') } })).status).toBe(410);
    expect((await api('POST', '/v1/auth/token', { body: { email, password: 'Owner!Passw0rd-0001' } })).status).toBe(200);
  });

  it('support attach of a never-verified account is 409 email_not_verified', async () => {
    const { team } = await signUpVerified();
    const email = uniqueEmail('unverified');
    expect((await api('POST', '/v1/signup', { body: body(email, 'Mallory', 'Squatter!Passw0rd-1') })).status).toBe(201);
    const res = await api('POST', `/support/teams/${team.id}/members`, {
      token: outputs().support_token,
      body: { email, role: 'member', reason: 'ticket 7' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_not_verified');
  });
});
