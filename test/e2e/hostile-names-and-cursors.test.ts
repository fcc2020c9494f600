import { describe, expect, it } from 'vitest';
import { api, signUpVerified, STRONG_PASSWORD, uniqueEmail } from '../support/api';

const forge = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

describe('hostile names and cursors over HTTP are 400, never written, never a 5xx', () => {
  it.each([
    ['NEL', 'Ada\u0085Admin'],
    ['CSI', 'Ada\u009b31m'],
    ['line separator', 'Ada\u2028Admin'],
    ['zero-width space', 'Ad\u200ba'],
    ['BOM', '\ufeffAda'],
    ['bidi mark', 'Ada\u200f'],
    ['tag character', 'Ada\u{E0041}'],
  ])('sign-up with a %s in the name', async (_, name) => {
    const email = uniqueEmail('hostile');
    const res = await api('POST', '/v1/signup', { body: { email, password: STRONG_PASSWORD, name, company: 'Co', team_name: 'Team' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect((await api('POST', '/v1/signup', { body: { email, password: STRONG_PASSWORD, name: 'Ada', company: 'Co', team_name: 'Team' } })).status).toBe(201);
  });

  it('a team renamed to carry a phishing URL is refused', async () => {
    const { tokens } = await signUpVerified();
    const res = await api('PATCH', '/v1/team', { token: tokens.access_token, body: { name: 'Acme — re-login at https://refonte-login.evil.example' } });
    expect(res.status).toBe(400);
  });

  it('a forged cursor with a sort key over 1,024 bytes is 400, not a DynamoDB error', async () => {
    const { tokens, team } = await signUpVerified();
    const token = forge({ PK: `TEAM#${team.id}`, SK: `AUDIT#${'x'.repeat(1100)}` });
    const res = await api('GET', `/v1/team/audit-log?next_token=${token}`, { token: tokens.access_token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it.each([
    ['a number beyond the largest safe integer', '{"n":9007199254740994}'],
    ['a large float', '{"n":1e20}'],
    ['20,000 levels of nesting', `{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
  ])('task params holding %s are 400 naming the field, and no task is made', async (_, params) => {
    const { tokens } = await signUpVerified();
    const res = await api('POST', '/v1/tasks', { token: tokens.access_token, rawBody: `{"type":"categorization","params":${params}}`, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('params');
    expect((await api('GET', '/v1/tasks', { token: tokens.access_token })).body.items).toEqual([]);
  });
});
