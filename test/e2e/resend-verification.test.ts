import { describe, expect, it } from 'vitest';
import { api, mailbox, signUpVerified, STRONG_PASSWORD, tokenFromEmail, uniqueEmail } from '../support/api';

const emailsTo = async (to: string) => (await mailbox()).filter((e) => e.to.includes(to));
const resend = (email: string) => api('POST', '/v1/signup/resend-verification', { body: { email } });

describe('resending the verification email', () => {
  it('sends a fresh link to an unverified account, at most once a minute', async () => {
    const email = uniqueEmail('lost');
    const signup = await api('POST', '/v1/signup', {
      body: { email, password: STRONG_PASSWORD, name: 'Lost Mail', company: 'Co', team_name: 'Team' },
    });
    expect(signup.status).toBe(201);
    expect(await emailsTo(email)).toHaveLength(1);

    const first = await resend(email.toUpperCase());
    expect(first.status).toBe(202);
    const sent = await emailsTo(email);
    expect(sent).toHaveLength(2);
    expect(tokenFromEmail(sent[1]!)).not.toBe(tokenFromEmail(sent[0]!));

    // Within the minute: answered the same, nothing sent.
    expect((await resend(email)).status).toBe(202);
    expect(await emailsTo(email)).toHaveLength(2);

    expect((await api('POST', '/v1/signup/verify', { body: { token: tokenFromEmail(sent[1]!) } })).status).toBe(200);
    expect((await api('POST', '/v1/auth/token', { body: { email, password: STRONG_PASSWORD } })).status).toBe(200);
  });

  it('answers alike for unknown and verified addresses, and sends nothing', async () => {
    const unknown = uniqueEmail('nobody');
    const res = await resend(unknown);
    expect(res.status).toBe(202);
    const { email } = await signUpVerified();
    const verified = await resend(email);
    expect(verified.status).toBe(202);
    expect(verified.body).toEqual(res.body);
    expect(await emailsTo(unknown)).toHaveLength(0);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('refuses a malformed address with 400', async () => {
    expect((await resend('not-an-email')).status).toBe(400);
  });
});
