import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';
import { matchRoute } from '../../scripts/local/route-matcher';
import { ErrorBody } from '../../shared/api/common';
import { inject } from 'vitest';

/** A tiny HTTP client for end-to-end tests against the local dev server. */
export const outputs = () => inject('localStack').outputs;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function api<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${outputs().api_url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  assertContract(method, path, res.status, parsed);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/**
 * Every API response the e2e tier sees is held to the schema its route
 * publishes (the same zod schema the OpenAPI document is built from), and
 * every error to the contract's error body — so the document cannot drift
 * from what the API really answers.
 */
function assertContract(method: string, path: string, status: number, body: unknown): void {
  const { pathname } = new URL(path, 'http://api');
  if (!pathname.startsWith('/v1/') && !pathname.startsWith('/support/')) return;
  const where = `${method} ${pathname} → ${status}`;
  if (status >= 400) {
    const parsed = ErrorBody.safeParse(body);
    if (!parsed.success) throw new Error(`${where}: not the contract's error body: ${parsed.error.message}`);
    return;
  }
  const found = matchRoute(method, pathname);
  if (!found || found === 'malformed') throw new Error(`${where}: a success from no route`);
  const responses = found.route.schemas.responses as Record<number, core.$ZodType | null | undefined>;
  if (!(status in responses)) throw new Error(`${where}: ${found.route.operationId} does not document ${status}`);
  const schema = responses[status];
  if (schema === null) {
    if (body !== null && body !== '') throw new Error(`${where}: a ${status} with a body`);
    return;
  }
  const parsed = z.safeParse(schema!, body);
  if (!parsed.success) throw new Error(`${where}: does not match ${found.route.operationId}'s response schema: ${parsed.error.message}`);
}

export interface MailboxEmail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export async function mailbox(): Promise<MailboxEmail[]> {
  const res = await fetch(outputs().mailbox_url);
  return ((await res.json()) as { emails: MailboxEmail[] }).emails;
}

/** The newest email to `to`, waiting briefly for it to arrive. */
export async function latestEmailTo(to: string): Promise<MailboxEmail> {
  for (let i = 0; i < 50; i++) {
    const found = (await mailbox()).filter((e) => e.to.includes(to.toLowerCase()));
    if (found.length) return found[found.length - 1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no email to ${to}`);
}

export function tokenFromEmail(email: MailboxEmail): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(email.text);
  if (!match) throw new Error(`no token in email "${email.subject}"`);
  return match[1]!;
}

let counter = 0;
/** A fresh address per call, so tests never collide on the shared stack. */
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}@example.com`;
}

export const STRONG_PASSWORD = 'Str0ng!Passw0rd-42';

/** Sign up, verify through the mailbox, sign in: a ready admin with a token. */
export async function signUpVerified(overrides: Partial<{ email: string; name: string; team_name: string }> = {}) {
  const email = overrides.email ?? uniqueEmail('admin');
  const signup = await api('POST', '/v1/signup', {
    body: { email, password: STRONG_PASSWORD, name: overrides.name ?? 'Ada Admin', company: 'Acme', team_name: overrides.team_name ?? 'Acme Labs' },
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const token = tokenFromEmail(await latestEmailTo(email));
  const verified = await api('POST', '/v1/signup/verify', { body: { token } });
  if (verified.status !== 200) throw new Error(`verify failed: ${verified.status}`);
  const tokens = await api('POST', '/v1/auth/token', { body: { email, password: STRONG_PASSWORD } });
  if (tokens.status !== 200) throw new Error(`sign-in failed: ${tokens.status}`);
  return { email, user: signup.body.user, team: signup.body.team, tokens: tokens.body as { id_token: string; access_token: string; refresh_token: string } };
}
