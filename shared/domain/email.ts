/**
 * Email identity rules. Addresses compare case-insensitively (the whole
 * address is lower-cased, as Cognito's case-insensitive pools do), but
 * `+tags` are significant: `joe+second@x.com` is a different account.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

// The common, deliverable form that every mail system and Cognito accept:
// an ASCII dot-atom local part and a dotted host name ending in a letter
// label. Quoted local parts, IP literals, non-ASCII (SMTPUTF8) addresses
// and stray dots are refused up front rather than failing later in Cognito
// or in someone's mail server. Deliverability itself is proven by the email.
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL_PATTERN = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+[a-z]{2,63}$`, 'i');

export function isPlausibleEmail(raw: string): boolean {
  const email = raw.trim();
  const local = email.slice(0, email.lastIndexOf('@'));
  return email.length <= 254 && local.length <= 64 && EMAIL_PATTERN.test(email);
}
