import { isWellFormedApiKey } from '../domain/api-keys';

/**
 * What an Authorization header carries. API keys are accepted Scale-style
 * (`Basic base64("<key>:")`) or as a Bearer token; anything else Bearer is a
 * Cognito JWT.
 */
export type Credential = { kind: 'jwt'; token: string } | { kind: 'api_key'; key: string } | { kind: 'none' };

/**
 * An API key is recognised by its pattern and checksum (shared/domain/api-keys),
 * so a mistyped or invented key is refused before any lookup.
 */
export function isApiKeyFormat(value: string): boolean {
  return isWellFormedApiKey(value);
}

export function parseAuthorization(header: string | undefined): Credential {
  if (!header) return { kind: 'none' };
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (!scheme || !value) return { kind: 'none' };
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return isApiKeyFormat(value) ? { kind: 'api_key', key: value } : { kind: 'jwt', token: value };
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const username = separator === -1 ? decoded : decoded.slice(0, separator);
      return isApiKeyFormat(username) ? { kind: 'api_key', key: username } : { kind: 'none' };
    }
    default:
      return { kind: 'none' };
  }
}
