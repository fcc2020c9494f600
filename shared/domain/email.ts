/**
 * Email identity rules. Addresses compare case-insensitively (the whole
 * address is lower-cased, as Cognito's case-insensitive pools do), but
 * `+tags` are significant: `joe+second@x.com` is a different account.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

// Deliberately conservative: one @, a dotted domain, no spaces. Deliverability
// is proven by the verification email, not by this pattern.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isPlausibleEmail(raw: string): boolean {
  return raw.length <= 254 && EMAIL_PATTERN.test(raw.trim());
}
