/**
 * The dashboard's security headers, as data: CloudFront's response headers
 * policy sends them in AWS and the local dev server sends the same ones, so
 * the browser tests run the app under the policy it ships with.
 *
 * The app is one hashed script and one stylesheet from its own origin and
 * calls only its own origin (`/v1/*` is routed to the API), so every source
 * is 'self': no inline script or style, no third party, never framed.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The emailed links carry tokens in their query: no page tells another site where it came from. */
export const DASHBOARD_REFERRER_POLICY = 'no-referrer';

export const DASHBOARD_HEADERS: Record<string, string> = {
  'content-security-policy': DASHBOARD_CSP,
  'referrer-policy': DASHBOARD_REFERRER_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Built assets: `web/dist`, from `web/` (vite). */
export const DASHBOARD_DIST = 'web/dist';
