import { describe, it, expect } from 'vitest';
import { API_KEY_PATTERN, checksumOf, crc32, newApiKey } from '../../shared/domain/api-keys';
import { isApiKeyFormat, parseAuthorization, type Credential } from '../../shared/http/credentials';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const LIVE = 'live_AbCdEfGh12345678AbCdEfGh12345678xyzXYZ121ROHTW';
const TEST = 'test_0123456789abcdefGHIJ0123456789abcdefGHIJ1aemZD';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiI1ZjBjM2UyYSIsInRva2VuX3VzZSI6ImlkIn0.c2lnbmF0dXJlLWJ5dGVz';

const none: Credential = { kind: 'none' };
const key = (k: string): Credential => ({ kind: 'api_key', key: k });
const jwt = (t: string): Credential => ({ kind: 'jwt', token: t });

describe('parseAuthorization', () => {
  it.each<[string, string | undefined, Credential]>([
    // missing / empty
    ['missing header', undefined, none],
    ['empty header', '', none],
    ['whitespace only', '   ', none],
    ['scheme without value', 'Bearer', none],
    ['scheme with only spaces after', 'Bearer    ', none],
    ['Basic without value', 'Basic', none],

    // Bearer JWT
    ['Bearer JWT', `Bearer ${JWT}`, jwt(JWT)],
    ['Bearer opaque token', 'Bearer not-a-key-but-a-token', jwt('not-a-key-but-a-token')],
    ['surrounding whitespace', `   Bearer   ${JWT}  `, jwt(JWT)],

    // Bearer API keys
    ['Bearer live_ key', `Bearer ${LIVE}`, key(LIVE)],
    ['Bearer test_ key', `Bearer ${TEST}`, key(TEST)],
    ['Bearer key with too short body is not a key', 'Bearer live_short', jwt('live_short')],
    ['Bearer key with unknown environment is not a key', 'Bearer prod_AbCdEfGh12345678', jwt('prod_AbCdEfGh12345678')],
    ['Bearer key with upper-case environment is not a key', 'Bearer LIVE_AbCdEfGh12345678', jwt('LIVE_AbCdEfGh12345678')],

    // odd casing of the scheme
    ['lower-case bearer', `bearer ${LIVE}`, key(LIVE)],
    ['upper-case BEARER', `BEARER ${JWT}`, jwt(JWT)],
    ['mixed-case BeArEr', `BeArEr ${JWT}`, jwt(JWT)],
    ['lower-case basic', `basic ${b64(`${LIVE}:`)}`, key(LIVE)],
    ['upper-case BASIC', `BASIC ${b64(`${TEST}:`)}`, key(TEST)],

    // Basic, Scale-style
    ['Basic base64("live_…:")', `Basic ${b64(`${LIVE}:`)}`, key(LIVE)],
    ['Basic base64("test_…:")', `Basic ${b64(`${TEST}:`)}`, key(TEST)],
    ['Basic with key and no colon', `Basic ${b64(LIVE)}`, key(LIVE)],
    ['Basic with key and a (ignored) password', `Basic ${b64(`${LIVE}:whatever`)}`, key(LIVE)],

    // Basic with non-key username
    ['Basic user:password', `Basic ${b64('alice@example.com:hunter2')}`, none],
    ['Basic with key in the password slot', `Basic ${b64(`alice:${LIVE}`)}`, none],
    ['Basic with empty username', `Basic ${b64(`:${LIVE}`)}`, none],
    ['Basic with short key', `Basic ${b64('live_short:')}`, none],
    ['Basic with JWT as username', `Basic ${b64(`${JWT}:`)}`, none],

    // garbage
    ['unknown scheme', `Token ${LIVE}`, none],
    ['Digest scheme', 'Digest username="x", realm="y"', none],
    ['raw key without scheme', LIVE, none],
    ['raw JWT without scheme', JWT, none],
    ['Basic with non-base64 garbage', 'Basic !!!not*base64***', none],
    ['random noise', '\u0000\u0001 \u0002', none],
  ])('%s', (_label, header, expected) => {
    expect(parseAuthorization(header)).toEqual(expected);
  });
});

describe('isApiKeyFormat', () => {
  const flip = (k: string, i: number) => k.slice(0, i) + (k[i] === 'a' ? 'b' : 'a') + k.slice(i + 1);
  it.each([
    [LIVE, true],
    [TEST, true],
    [newApiKey('live'), true],
    [newApiKey('test'), true],
    // a typo anywhere breaks the checksum
    [flip(LIVE, 10), false],
    [flip(LIVE, LIVE.length - 1), false],
    ['test' + LIVE.slice(4), false],
    [LIVE.slice(0, -1), false],
    [LIVE + 'a', false],
    ['live_' + 'a'.repeat(46), false],
    ['live_' + 'a'.repeat(16), false],
    ['LIVE' + LIVE.slice(4), false],
    [' ' + LIVE, false],
    [LIVE + '\n', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isApiKeyFormat(value)).toBe(expected);
  });
});

describe('API key format', () => {
  it('is the prefix, 40 random base62 characters and a 6-character checksum', () => {
    const k = newApiKey('live');
    expect(k).toMatch(API_KEY_PATTERN);
    expect(k).toHaveLength(51);
    expect(k.slice(-6)).toBe(checksumOf(k.slice(0, -6)));
    expect(new Set(Array.from({ length: 50 }, () => newApiKey('test'))).size).toBe(50);
  });
  it('CRC32 is the standard one', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });
});
