import { describe, expect, it } from 'vitest';
import { issuedBeforeRevocation, tokenIssuedAt } from '../../shared/http/token-age';

const jwt = (payload: object) => `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('tokens issued before a sign-out', () => {
  it('reads iat from a Bearer JWT, and nothing from API keys or garbage', () => {
    expect(tokenIssuedAt(`Bearer ${jwt({ iat: 1_900_000_000 })}`)).toBe(1_900_000_000);
    expect(tokenIssuedAt('Bearer live_abcdefghijklmnop1234')).toBeNull();
    expect(tokenIssuedAt('Bearer not.a-jwt.at-all')).toBeNull();
    expect(tokenIssuedAt(undefined)).toBeNull();
  });

  it('refuses a token from an earlier second than the revocation, and lets one from that second on pass', () => {
    const revokedAt = new Date(1_900_000_000_500).toISOString();
    expect(issuedBeforeRevocation(1_899_999_999, revokedAt)).toBe(true);
    expect(issuedBeforeRevocation(1_900_000_000, revokedAt)).toBe(false);
    expect(issuedBeforeRevocation(1_900_000_001, revokedAt)).toBe(false);
    expect(issuedBeforeRevocation(1_899_999_999, undefined)).toBe(false);
    expect(issuedBeforeRevocation(null, revokedAt)).toBe(false);
  });
});
