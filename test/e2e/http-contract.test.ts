import { newApiKey } from '../../shared/domain/api-keys';
import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';

describe('HTTP conventions of the contract', () => {
  it('serves health with x-request-id', async () => {
    const res = await api('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('answers an unknown route with 404 not_found and the error body', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nope'],
      ['DELETE', '/v1/health'],
      ['GET', '/v1'],
    ] as const) {
      const res = await api(method, path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
    }
  });

  it('serves the dashboard at / to any client (its address, as on CloudFront), and JSON errors under /v1', async () => {
    const root = await fetch(`${outputs().api_url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(root.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('refuses missing and invalid credentials with 401', async () => {
    const unknownKey = newApiKey('live');
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Basic Zm9vOg==' },
      { authorization: 'Token x' },
      // Key-shaped but unknown: the authorizer looks it up (one GetItem) and refuses it.
      { authorization: `Bearer ${unknownKey}` },
      { authorization: `Basic ${Buffer.from(`${unknownKey}:`).toString('base64')}` },
    ]) {
      const res = await api('GET', '/v1/me', { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
    }
  });

  it('refuses a JWT signed by someone else', async () => {
    const { tokens } = await signUpVerified();
    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`;
    expect((await api('GET', '/v1/me', { token: forged })).status).toBe(401);
  });

  it('maps body problems to 400, 413 and 415 with the error body, and writes nothing', async () => {
    const { tokens } = await signUpVerified();
    const before = (await api('GET', '/v1/team', { token: tokens.id_token })).body;

    const malformed = await api('PATCH', '/v1/team', {
      token: tokens.id_token,
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');

    const wrongType = await api('PATCH', '/v1/team', {
      token: tokens.id_token,
      rawBody: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('unsupported_media_type');

    const huge = await api('PATCH', '/v1/team', { token: tokens.id_token, body: { name: 'x'.repeat(1024 * 1024 + 10) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');

    const unknownField = await api('PATCH', '/v1/team', { token: tokens.id_token, body: { name: 'ok', admin_user_id: 'user_x' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details[0].fields).toEqual(['admin_user_id']);

    expect((await api('GET', '/v1/team', { token: tokens.id_token })).body).toEqual(before);
  });

  it('publishes an OpenAPI 3.1 document', async () => {
    const res = await api('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/v1/signup'].post.operationId).toBe('signup');
  });

  it('serves the local mailbox as JSON and as HTML', async () => {
    const json = await fetch(outputs().mailbox_url);
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(Array.isArray(((await json.json()) as { emails: unknown[] }).emails)).toBe(true);
    const html = await fetch(outputs().mailbox_url, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('Local mailbox');
  });
});

describe('hostile input never reaches a 5xx', () => {
  it('refuses forged list cursors of the caller\'s own team with 400', async () => {
    const { tokens, team } = await signUpVerified();
    const cursor = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const anyList = [
      cursor({ PK: `TEAM#${team.id}` }),
      cursor({ PK: `TEAM#${team.id}`, SK: 'AUDIT#9', GSI1PK: 'x' }),
      cursor({ GSI1PK: `TEAM#${team.id}` }),
      'not base64 json',
    ];
    // A well-formed cursor of another of the team's lists.
    const otherList: Record<string, string> = {
      '/v1/team/audit-log': cursor({ PK: `TEAM#${team.id}`, SK: 'INV#x' }),
      '/v1/team/invitations': cursor({ PK: `TEAM#${team.id}`, SK: 'AUDIT#9' }),
      '/v1/team/members': cursor({ PK: `TEAM#${team.id}`, SK: 'INV#x' }),
    };
    for (const [path, foreign] of Object.entries(otherList)) {
      for (const token of [...anyList, foreign]) {
        const res = await api('GET', `${path}?next_token=${encodeURIComponent(token)}`, { token: tokens.id_token });
        expect(res.status, `${path} ${token}`).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
    }
  });

  it('takes only digits for limit', async () => {
    const { tokens } = await signUpVerified();
    for (const limit of ['1e1', '0x10', ' 10', '0', '101', '-1', '1.5', '']) {
      const res = await api('GET', `/v1/team/audit-log?limit=${encodeURIComponent(limit)}`, { token: tokens.id_token });
      expect(res.status, limit).toBe(400);
    }
    expect((await api('GET', '/v1/team/audit-log?limit=100', { token: tokens.id_token })).status).toBe(200);
  });

  it('refuses control and bidi-override characters in names, and odd addresses, with 400', async () => {
    const { tokens } = await signUpVerified();
    for (const name of ['a\u0000b', 'a\u202eevil', 'x\ud800']) {
      const res = await api('PATCH', '/v1/me', { token: tokens.id_token, body: { name } });
      expect(res.status, JSON.stringify(name)).toBe(400);
    }
    for (const email of ['kate@example.com.', 'josé@example.com', 'a@[127.0.0.1]', '.a@example.com']) {
      const res = await api('POST', '/v1/team/invitations', { token: tokens.id_token, body: { email, role: 'member' } });
      expect(res.status, email).toBe(400);
    }
  });

  it('answers malformed percent-encoding with 400 and unknown invitation tokens of any length with 404', async () => {
    expect((await api('GET', '/v1/invitations/%ZZaaaaaaaaaaaaaaaaaa')).status).toBe(400);
    for (const token of ['abc', 'accept', 'x'.repeat(600)]) {
      const res = await api('GET', `/v1/invitations/${token}`);
      expect(res.status, token.slice(0, 10)).toBe(404);
    }
  });
});
