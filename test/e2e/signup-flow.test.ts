import { describe, expect, it } from 'vitest';
import { api, latestEmailTo, signUpVerified, STRONG_PASSWORD, tokenFromEmail, uniqueEmail } from '../support/api';

const signupBody = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: STRONG_PASSWORD,
  name: 'Grace Hopper',
  company: 'Navy',
  team_name: 'Compilers',
  ...extra,
});

describe('sign up → verify → sign in → me → team', () => {
  it('walks the whole slice over HTTP', async () => {
    const email = uniqueEmail('grace');
    const signup = await api('POST', '/v1/signup', { body: signupBody(email.toUpperCase()) });
    expect(signup.status).toBe(201);
    expect(signup.body.user).toMatchObject({ email, role: 'admin', email_verified: false, name: 'Grace Hopper' });
    expect(signup.body.user.id).toMatch(/^user_/);
    expect(signup.body.team).toMatchObject({ name: 'Compilers', admin_user_id: signup.body.user.id, callback_url: null });
    expect(signup.body.team.id).toMatch(/^team_/);
    expect(signup.body.email_status).toBe('sent');

    // Until the email is verified, sign-in is refused.
    const early = await api('POST', '/v1/auth/token', { body: { email, password: STRONG_PASSWORD } });
    expect(early.status).toBe(401);
    expect(early.body.error.code).toBe('unauthenticated');

    const mail = await latestEmailTo(email);
    expect(mail.subject).toMatch(/verify/i);
    expect(mail.html).toContain('verify-email?token=');
    const token = tokenFromEmail(mail);

    const verified = await api('POST', '/v1/signup/verify', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ id: signup.body.user.id, email_verified: true });

    const reused = await api('POST', '/v1/signup/verify', { body: { token } });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('gone');

    // The address matches case-insensitively.
    const tokens = await api('POST', '/v1/auth/token', { body: { email: email.toUpperCase(), password: STRONG_PASSWORD } });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    for (const field of ['id_token', 'access_token', 'refresh_token']) expect(typeof tokens.body[field]).toBe('string');

    for (const bearer of [tokens.body.id_token, tokens.body.access_token]) {
      const me = await api('GET', '/v1/me', { token: bearer });
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: signup.body.user.id, team_id: signup.body.team.id, role: 'admin', job_title: null });
      expect(me.body.team).toMatchObject({ id: signup.body.team.id, name: 'Compilers' });
    }

    const refreshed = await api('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect((await api('GET', '/v1/me', { token: refreshed.body.access_token })).status).toBe(200);

    const patched = await api('PATCH', '/v1/team', {
      token: tokens.body.id_token,
      body: { name: 'Compilers Inc', callback_url: 'https://hooks.example.com/refonte' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Compilers Inc', callback_url: 'https://hooks.example.com/refonte' });
    expect(Date.parse(patched.body.updated_at)).toBeGreaterThan(Date.parse(signup.body.team.updated_at) - 1);

    const team = await api('GET', '/v1/team', { token: tokens.body.access_token });
    expect(team.body).toMatchObject({ id: signup.body.team.id, name: 'Compilers Inc' });

    const cleared = await api('PATCH', '/v1/team', { token: tokens.body.id_token, body: { callback_url: null } });
    expect(cleared.body.callback_url).toBeNull();
  });

  it('refuses a second account for a verified address, whatever its case', async () => {
    const email = uniqueEmail('dup');
    expect((await api('POST', '/v1/signup', { body: signupBody(email) })).status).toBe(201);
    expect((await api('POST', '/v1/signup/verify', { body: { token: tokenFromEmail(await latestEmailTo(email)) } })).status).toBe(200);
    const again = await api('POST', '/v1/signup', { body: signupBody(email.toUpperCase()) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_taken');
    // A +tag is a different account.
    const tagged = await api('POST', '/v1/signup', { body: signupBody(email.replace('@', '+second@')) });
    expect(tagged.status).toBe(201);
  });

  it('gives one account to concurrent signups of one address: the others replace it or are told to retry', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => api('POST', '/v1/signup', { body: signupBody(i % 2 ? email.toUpperCase() : email) })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
    // A sign-up that meets another one mid-flight is 429 with Retry-After, never a 5xx.
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.user.id));
    expect(ids.size).toBe(1);
  });

  it('refuses bad signup input with 400 and writes nothing', async () => {
    const email = uniqueEmail('bad');
    const cases = [
      signupBody(email, { password: 'short' }),
      signupBody(email, { password: 'alllowercase-and-long-1' }),
      signupBody('not-an-email'),
      signupBody(email, { role: 'admin' }),
      { email, password: STRONG_PASSWORD },
    ];
    for (const body of cases) {
      const res = await api('POST', '/v1/signup', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details?.length).toBeGreaterThan(0);
    }
    // Nothing was written: the address is still free.
    expect((await api('POST', '/v1/signup', { body: signupBody(email) })).status).toBe(201);
  });

  it('answers 404 for an unknown verification token and 401 for unknown credentials', async () => {
    const unknown = await api('POST', '/v1/signup/verify', { body: { token: 'x'.repeat(43) } });
    expect(unknown.status).toBe(404);
    const wrong = await api('POST', '/v1/auth/token', { body: { email: uniqueEmail('nobody'), password: STRONG_PASSWORD } });
    expect(wrong.status).toBe(401);
    for (const refresh_token of ['not-a-refresh-token', 'eyJhbGciOiJIUzI1NiJ9.e30.abc']) {
      const badRefresh = await api('POST', '/v1/auth/refresh', { body: { refresh_token } });
      expect(badRefresh.status).toBe(401);
      expect(badRefresh.body.error.code).toBe('unauthenticated');
    }
  });
});

describe('profile', () => {
  it('edits profile fields and refuses membership fields', async () => {
    const { tokens, user } = await signUpVerified();
    const res = await api('PATCH', '/v1/me', {
      token: tokens.id_token,
      body: { name: 'Ada L.', job_title: 'CTO', phone: '+44 20 7946 0958' },
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: user.id, name: 'Ada L.', job_title: 'CTO', phone: '+44 20 7946 0958' });

    for (const field of ['role', 'team_id', 'email']) {
      const refused = await api('PATCH', '/v1/me', { token: tokens.id_token, body: { [field]: 'x' } });
      expect(refused.status, field).toBe(400);
      expect(refused.body.error.code).toBe('validation_failed');
    }
    const cleared = await api('PATCH', '/v1/me', { token: tokens.id_token, body: { job_title: null } });
    expect(cleared.body.user.job_title).toBeNull();
    const me = await api('GET', '/v1/me', { token: tokens.access_token });
    expect(me.body.user).toMatchObject({ name: 'Ada L.', job_title: null, role: 'admin' });
  });
});

describe('team callback URL rules', () => {
  it('accepts https public URLs and, on the local stack only, http loopback', async () => {
    const { tokens } = await signUpVerified();
    for (const url of ['https://example.com/hooks', 'http://127.0.0.1:9000/cb', 'http://localhost:8080/x']) {
      const res = await api('PATCH', '/v1/team', { token: tokens.id_token, body: { callback_url: url } });
      expect(res.status, url).toBe(200);
    }
  });

  it('refuses private, link-local, metadata and odd-notation loopback addresses', async () => {
    const { tokens } = await signUpVerified();
    const before = (await api('GET', '/v1/team', { token: tokens.id_token })).body;
    for (const url of [
      'http://example.com/hook',
      'https://10.0.0.5/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]/',
      'https://[fe80::1]/',
      'https://0xa9.0xfe.0xa9.0xfe/latest',
      'https://[::ffff:169.254.169.254]/',
      'https://0x0a.1/',
      'https://metadata.google.internal/',
      'ftp://example.com/',
    ]) {
      const res = await api('PATCH', '/v1/team', { token: tokens.id_token, body: { callback_url: url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe('callback_url_not_allowed');
    }
    const after = (await api('GET', '/v1/team', { token: tokens.id_token })).body;
    expect(after).toEqual(before);
  });
});
