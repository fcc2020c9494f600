import type { Middleware } from 'openapi-fetch';
import { createRefonteClient, type Schemas } from '../../client';
import { can, type Permission } from '../../shared/domain/permissions';

/**
 * The signed-in session, in this module's memory only: never in
 * localStorage, sessionStorage or a cookie, so a script injected into
 * another tab or a reload finds nothing. A reload signs you out.
 * The access token is refreshed with the refresh token shortly before it
 * expires; signing out revokes the refresh token.
 */
interface Tokens {
  access: string;
  refresh: string;
  expiresAt: number;
}

export type Me = Schemas['User'];
export type Role = NonNullable<Me['role']>;

let tokens: Tokens | null = null;
let me: Me | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const currentUser = () => me;
export const signedIn = () => tokens !== null;

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
let refreshing: Promise<void> | null = null;

async function refresh(): Promise<void> {
  const current = tokens;
  if (!current) return;
  const { data } = await bare.POST('/v1/auth/refresh', { body: { refresh_token: current.refresh } });
  if (!data) {
    forget();
    return;
  }
  tokens = { access: data.access_token, refresh: current.refresh, expiresAt: Date.now() + data.expires_in * 1000 };
}

const refreshWhenDue: Middleware = {
  async onRequest({ request }) {
    if (tokens && Date.now() > tokens.expiresAt - REFRESH_MARGIN_MS) {
      refreshing ??= refresh().finally(() => (refreshing = null));
      await refreshing;
      if (tokens) request.headers.set('authorization', `Bearer ${tokens.access}`);
    }
    return request;
  },
  onResponse({ response }) {
    // The session is over (revoked, or the user was removed from Cognito): back to sign-in.
    if (response.status === 401 && tokens) forget();
    return response;
  },
};

/** Public calls (sign-in, refresh): no credentials, no refresh loop. */
const bare = createRefonteClient({ baseUrl: location.origin });
/** Every signed-in call. */
export const api = createRefonteClient({
  baseUrl: location.origin,
  credentials: () => tokens?.access,
  middleware: [refreshWhenDue],
});
export const publicApi = bare;

function forget() {
  tokens = null;
  me = null;
  notify();
}

export async function reloadMe(): Promise<void> {
  const { data } = await api.GET('/v1/me');
  if (data) {
    me = data.user;
    notify();
  }
}

/** Signs in; resolves to the error body when refused. */
export async function signIn(email: string, password: string): Promise<unknown> {
  const { data, error } = await bare.POST('/v1/auth/token', { body: { email, password } });
  if (!data) return error ?? {};
  tokens = { access: data.access_token, refresh: data.refresh_token, expiresAt: Date.now() + data.expires_in * 1000 };
  await reloadMe();
  return null;
}

export async function signOut(): Promise<void> {
  const current = tokens;
  if (current) await api.POST('/v1/auth/logout', { body: { refresh_token: current.refresh } }).catch(() => undefined);
  forget();
}

export const canManage = (user: Me | null) => user?.role === 'manager' || user?.role === 'admin';

/**
 * Whether the API would let this user do it: the API's own role matrix
 * (shared/domain/permissions), so the dashboard offers exactly what the
 * API allows — the API still checks every call.
 */
export const allowed = (user: Me | null, permission: Permission) => Boolean(user?.role && can(user.role, permission));
