import { parseAuthorization } from './credentials';

/**
 * When the user token on this request was issued (`iat`, epoch seconds), or
 * null when it carries no JWT. Read, not verified: by the time the http
 * layer runs, the authorizer has verified this very token's signature.
 */
export function tokenIssuedAt(authorization: string | undefined): number | null {
  const credential = parseAuthorization(authorization);
  if (credential.kind !== 'jwt') return null;
  try {
    const payload = JSON.parse(Buffer.from(credential.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof payload.iat === 'number' ? payload.iat : null;
  } catch {
    return null;
  }
}

/**
 * A token issued before the account's sessions were revoked (sign-out,
 * password reset) no longer counts, though its signature is still good
 * until it expires. `iat` has whole seconds: a token issued within the
 * second of the revocation still passes, so a sign-in right after a reset
 * is never refused.
 */
export function issuedBeforeRevocation(issuedAtSeconds: number | null, sessionsRevokedAt: string | undefined): boolean {
  if (issuedAtSeconds === null || !sessionsRevokedAt) return false;
  return issuedAtSeconds < Math.floor(Date.parse(sessionsRevokedAt) / 1000);
}
