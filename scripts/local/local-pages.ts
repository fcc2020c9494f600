import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Pages only the local stack serves, beside the API (never Lambda routes):
 *
 *  - `/docs`: the API reference, rendered in the browser by Swagger UI
 *    (`swagger-ui-dist`, served from node_modules, nothing from the network)
 *    from the same `GET /v1/openapi.json` the API serves.
 *  - `/verify-email`, `/accept-invitation` and `/reset-password`: where the emails' links land
 *    locally (APP_BASE_URL is the local API URL). The dashboard will own
 *    these pages; until then each one finishes the step with one button or
 *    form, and shows the exact curl command that does the same.
 *
 * `handleLocalPage` answers and returns true, or returns false for the API.
 */
const require = createRequire(import.meta.url);
const swaggerUiDir = () => path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The Swagger UI files the page needs, by the name the page asks for. */
const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Single-quoted for a POSIX shell: the command pastes as shown whatever the value holds. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — local stack</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui;max-width:760px;margin:2em auto;padding:0 1em;color:#222}
pre{background:#f4f4f4;padding:.8em;border-radius:6px;white-space:pre-wrap;word-break:break-all}
label{display:block;margin:.6em 0}input{font:inherit;padding:.3em;width:100%;max-width:24em;display:block}
button{font:inherit;padding:.4em 1em;margin-top:.6em}small{color:#666}#result{margin-top:1em}</style>
</head><body><h1>${esc(title)}</h1>
<p><small>Local stack only: the Refonte dashboard will serve this page in a deployed stage.</small></p>
${body}
<div id="result" role="status" aria-live="polite"></div>
${script ? `<script>${script}</script>` : ''}</body></html>`;
}

/** Posts the form's fields as JSON and shows the answer's status and body. */
const POST_SCRIPT = (apiPath: string, fields: string[]) => `
document.querySelector('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = {};
  for (const name of ${JSON.stringify(fields)}) { const v = form.get(name); if (v) body[name] = v; }
  const res = await fetch(${JSON.stringify(apiPath)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let shown = text; try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch {}
  const out = document.getElementById('result');
  out.innerHTML = '';
  const status = document.createElement('p');
  status.textContent = (res.ok ? 'Done: ' : 'Refused: ') + res.status;
  const pre = document.createElement('pre');
  pre.textContent = shown;
  out.append(status, pre);
});`;

function verifyEmailPage(apiUrl: string, token: string): string {
  if (!token) return page('Verify your email', '<p>This link has no <code>token</code>: open the one from the email.</p>');
  const curl = `curl -s -w '\\n%{http_code}\\n' -X POST ${apiUrl}/v1/signup/verify \\\n  -H 'content-type: application/json' -d ${shellQuote(JSON.stringify({ token }))}`;
  return page(
    'Verify your email',
    `<form><input type="hidden" name="token" value="${esc(token)}"><button type="submit">Verify this email address</button></form>
<p>Or from a terminal:</p><pre>${esc(curl)}</pre>`,
    POST_SCRIPT('/v1/signup/verify', ['token']),
  );
}

function resetPasswordPage(apiUrl: string, token: string): string {
  if (!token) return page('Choose a new password', '<p>This link has no <code>token</code>: open the one from the email.</p>');
  const curl = `curl -s -w '\\n%{http_code}\\n' -X POST ${apiUrl}/v1/auth/password-reset/confirm \\\n  -H 'content-type: application/json' -d ${shellQuote(JSON.stringify({ token, password: 'N3w!Passw0rd-2026' }))}`;
  return page(
    'Choose a new password',
    `<form><input type="hidden" name="token" value="${esc(token)}">
<label>New password <input name="password" type="password" autocomplete="new-password" required></label>
<button type="submit">Set my new password</button></form>
<p>Or from a terminal:</p><pre>${esc(curl)}</pre>`,
    POST_SCRIPT('/v1/auth/password-reset/confirm', ['token', 'password']),
  );
}

function acceptInvitationPage(apiUrl: string, token: string): string {
  if (!token) return page('Accept the invitation', '<p>This link has no <code>token</code>: open the one from the email.</p>');
  const example = { token, password: 'Str0ng!Passw0rd', name: 'Your Name', company: 'Your Company' };
  const curl = [
    `curl -s -w '\\n%{http_code}\\n' ${apiUrl}/v1/invitations/${encodeURIComponent(token)}   # preview`,
    `curl -s -w '\\n%{http_code}\\n' -X POST ${apiUrl}/v1/invitations/accept \\\n  -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(example))}`,
  ].join('\n');
  return page(
    'Accept the invitation',
    `<p id="preview">Loading the invitation…</p>
<form><input type="hidden" name="token" value="${esc(token)}">
<label>Password <input name="password" type="password" autocomplete="new-password" required></label>
<label>Name <input name="name" autocomplete="name" required></label>
<label>Company <input name="company" autocomplete="organization" required></label>
<label>Job title (optional) <input name="job_title" autocomplete="organization-title"></label>
<button type="submit">Create my account and join</button></form>
<p><small>Already have an account with no team? Accept with your token instead:
<code>-H "authorization: Bearer $ACCESS"</code> and a body of only <code>{"token":"…"}</code>.</small></p>
<p>Or from a terminal (new account):</p><pre>${esc(curl)}</pre>`,
    `${POST_SCRIPT('/v1/invitations/accept', ['token', 'password', 'name', 'company', 'job_title'])}
fetch(${JSON.stringify(`/v1/invitations/${encodeURIComponent(token)}`)}).then(async (res) => {
  const body = await res.json().catch(() => ({}));
  const p = document.getElementById('preview');
  p.textContent = res.ok
    ? 'Join "' + body.team_name + '" as ' + body.role + ' (invitation for ' + body.email + ').'
    : 'This invitation cannot be accepted (' + res.status + (body.error ? ' ' + body.error.code : '') + ').';
});`,
  );
}

function docsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Refonte Accounts API — reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;
}

// validatorUrl: null — Swagger UI would otherwise send the document to an online validator.
const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: false,
});`;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, requestId: string) {
  res.writeHead(status, { 'content-type': type, 'x-request-id': requestId, 'cache-control': 'no-store' });
  res.end(body);
}

export async function handleLocalPage(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { url: URL; requestId: string; apiUrl: string },
): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const { url, requestId } = ctx;
  const html = 'text/html; charset=utf-8';
  const token = url.searchParams.get('token') ?? '';
  switch (url.pathname) {
    case '/docs':
    case '/docs/':
      send(res, 200, html, docsPage(), requestId);
      return true;
    case '/docs/init.js':
      send(res, 200, 'text/javascript; charset=utf-8', DOCS_INIT, requestId);
      return true;
    case '/verify-email':
      send(res, 200, html, verifyEmailPage(ctx.apiUrl, token), requestId);
      return true;
    case '/accept-invitation':
      send(res, 200, html, acceptInvitationPage(ctx.apiUrl, token), requestId);
      return true;
    case '/reset-password':
      send(res, 200, html, resetPasswordPage(ctx.apiUrl, token), requestId);
      return true;
  }
  const asset = /^\/docs\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
  if (asset && DOCS_ASSETS[asset]) {
    send(res, 200, DOCS_ASSETS[asset], await readFile(path.join(swaggerUiDir(), asset)), requestId);
    return true;
  }
  return false;
}
