import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi-types';

/**
 * The typed client of the Refonte Accounts API: `openapi-fetch` over the
 * types generated from the document the API serves (`GET /v1/openapi.json`).
 * The dashboard talks to the API only through it; customers can use it from
 * Node 20+ (global fetch) the same way — see the README.
 */
export type RefonteClient = Client<paths>;
export type { components, paths };
export type Schemas = components['schemas'];

/** The contract's error body: `{error: {code, message, details?}, request_id}`. */
export interface ApiError {
  error: { code: string; message: string; details?: unknown };
  request_id?: string;
}

export interface RefonteClientOptions {
  /** The API origin, e.g. `https://api.refonte.example` (the dashboard passes its own origin). */
  baseUrl: string;
  /**
   * What goes in `Authorization`: an API key (`live_…`/`test_…`, sent as
   * `Bearer`), or a function returning a user's current access token.
   */
  credentials?: string | (() => string | null | undefined);
  /** Extra middleware (the dashboard adds its token refresh). */
  middleware?: Middleware[];
  fetch?: typeof globalThis.fetch;
}

export function createRefonteClient(opts: RefonteClientOptions): RefonteClient {
  const client = createClient<paths>({ baseUrl: opts.baseUrl.replace(/\/$/, ''), fetch: opts.fetch });
  const credentials = opts.credentials;
  if (credentials) {
    client.use({
      onRequest({ request }) {
        const token = typeof credentials === 'string' ? credentials : credentials();
        if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  for (const m of opts.middleware ?? []) client.use(m);
  return client;
}

/** The human sentence of an API error body, whatever came back. */
export function errorMessage(error: unknown, fallback = 'Something went wrong: try again.'): string {
  const body = error as Partial<ApiError> | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : fallback;
}
