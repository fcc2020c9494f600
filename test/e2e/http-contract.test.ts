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
      ['GET', '/'],
    ] as const) {
      const res = await api(method, path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
    }
  });

  it('refuses missing and invalid credentials with 401', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic Zm9vOg==' }, { authorization: 'Token x' }]) {
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
