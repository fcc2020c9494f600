import { describe, expect, it } from 'vitest';
import { api, latestEmailTo, mailbox, signUpVerified, STRONG_PASSWORD, tokenFromEmail, uniqueEmail } from '../support/api';

const NEW_PASSWORD = 'N3w!Passw0rd-after-reset';
const reset = (email: string) => api('POST', '/v1/auth/password-reset', { body: { email } });
const confirm = (token: string, password = NEW_PASSWORD) => api('POST', '/v1/auth/password-reset/confirm', { body: { token, password } });
const signIn = (email: string, password: string) => api('POST', '/v1/auth/token', { body: { email, password } });
const resetEmailsTo = async (email: string) => (await mailbox()).filter((m) => m.to.includes(email) && /reset/i.test(m.subject));

describe('password reset over HTTP', () => {
  it('a verified account gets a link; the new password works, the old one does not, earlier sessions are revoked, the link works once', async () => {
    const { email, tokens } = await signUpVerified();
    // Token times have whole seconds: let the session's second pass before revoking it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const asked = await reset(email.toUpperCase());
    expect(asked.status).toBe(202);
    const mail = await latestEmailTo(email);
    expect(mail.subject).toBe('Reset your Refonte AI password');
    expect(mail.text).toContain('/reset-password?token=');
    const token = tokenFromEmail(mail);

    expect((await confirm(token, 'weak')).status).toBe(400);
    const done = await confirm(token);
    expect(done.status).toBe(200);
    expect((await signIn(email, STRONG_PASSWORD)).status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
    // Every refresh token issued before the reset is revoked.
    const refreshed = await api('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
    expect(refreshed.status).toBe(401);
    // And an access token someone holds from before the reset stops working now, not at its expiry.
    expect((await api('GET', '/v1/me', { token: tokens.access_token })).status).toBe(401);
    const fresh = await signIn(email, NEW_PASSWORD);
    expect((await api('GET', '/v1/me', { token: fresh.body.access_token })).status).toBe(200);

    const replay = await confirm(token, 'An0ther!Passw0rd-x');
    expect(replay.status).toBe(410);
    expect(replay.body.error.code).toBe('gone');
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('answers 202 alike for unknown and unverified addresses, and sends them nothing', async () => {
    const unknown = uniqueEmail('nobody');
    const unverified = uniqueEmail('unverified');
    expect(
      (await api('POST', '/v1/signup', { body: { email: unverified, password: STRONG_PASSWORD, name: 'U', company: 'C', team_name: 'T' } })).status,
    ).toBe(201);
    const [a, b] = await Promise.all([reset(unknown), reset(unverified)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.message).toBe(b.body.message);
    expect(await resetEmailsTo(unknown)).toEqual([]);
    expect(await resetEmailsTo(unverified)).toEqual([]);
  });

  it('refuses unknown tokens (404) and bad input (400)', async () => {
    expect((await confirm('x'.repeat(43))).status).toBe(404);
    for (const body of [{ token: 'x'.repeat(43) }, { token: 'short', password: NEW_PASSWORD }, { token: 'x'.repeat(43), password: NEW_PASSWORD, email: 'a@b.co' }]) {
      const res = await api('POST', '/v1/auth/password-reset/confirm', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});

describe('sign-out over HTTP', () => {
  it('logout → 204: that refresh token stops working, and so do the tokens issued with it', async () => {
    const { tokens } = await signUpVerified();
    expect((await api('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const out = await api('POST', '/v1/auth/logout', { token: tokens.access_token, body: { refresh_token: tokens.refresh_token } });
    expect(out.status).toBe(204);
    const after = await api('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
    expect((await api('GET', '/v1/me', { token: tokens.access_token })).status).toBe(401);
    expect((await api('GET', '/v1/me', { token: tokens.id_token })).status).toBe(401);
  });

  it('needs a signed-in caller', async () => {
    const { tokens } = await signUpVerified();
    expect((await api('POST', '/v1/auth/logout', { body: { refresh_token: tokens.refresh_token } })).status).toBe(401);
  });
});
