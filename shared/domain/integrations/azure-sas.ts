/**
 * Azure shared access signature tokens: the query string a customer copies
 * from the portal (`sv=…&sp=…&se=…&sig=…`, with or without the leading `?`).
 * We keep the token (as a secret) and read its expiry, so a SAS about to
 * lapse is shown before it breaks the integration.
 */

/** A SAS that expires within this long is flagged (`credential_expiring_soon`). */
export const SAS_EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

const MAX_SAS_CHARS = 2048;
/** Percent-encoded query-string characters only: nothing that could end the query or start a fragment. */
const SAS_CHARACTERS = /^[A-Za-z0-9%&=+/:._~-]+$/;
const REQUIRED = ['sv', 'sp', 'se', 'sig'] as const;

export type SasParse = { ok: true; token: string; expiresAt: string } | { ok: false; problem: string };

/** Validates a SAS token and reads its expiry (`se`); `now` decides whether it has already expired. */
export function parseSasToken(input: string, now = new Date()): SasParse {
  const token = input.startsWith('?') ? input.slice(1) : input;
  if (/^https?:/i.test(token)) return { ok: false, problem: 'must be the SAS token only (sv=…&sig=…), not a URL' };
  if (token.length === 0 || token.length > MAX_SAS_CHARS) return { ok: false, problem: `must be 1 to ${MAX_SAS_CHARS} characters` };
  if (!SAS_CHARACTERS.test(token)) return { ok: false, problem: 'must be a URL query string (sv=…&sp=…&se=…&sig=…)' };
  const params = new URLSearchParams(token);
  const missing = REQUIRED.filter((name) => !params.get(name));
  if (missing.length) return { ok: false, problem: `is missing ${missing.join(', ')}` };
  const expiresAt = sasTime(params.get('se')!);
  if (!expiresAt) return { ok: false, problem: 'has an expiry (se) that is not an ISO-8601 UTC time' };
  if (Date.parse(expiresAt) <= now.getTime()) return { ok: false, problem: `expired at ${expiresAt}` };
  return { ok: true, token, expiresAt };
}

/** `se` is `YYYY-MM-DD`, `YYYY-MM-DDThh:mmZ` or `YYYY-MM-DDThh:mm:ss(.fff)Z` (UTC). */
function sasTime(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,7})?)?Z)?$/.exec(value);
  if (!match) return null;
  const iso = `${match[1]}T${match[2] ?? '00:00'}${match[3]?.slice(0, 7) ?? ':00'}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Whether a credential expiring at `expiresAt` should be renewed now. */
export function expiresSoon(expiresAt: string | null, now = new Date()): boolean {
  return expiresAt !== null && Date.parse(expiresAt) - now.getTime() < SAS_EXPIRY_WARNING_MS;
}
