import { requireEnv } from '../config';

const APP_BASE_URL = requireEnv('APP_BASE_URL');

/** Links in emails point at the customer-facing app, whose base URL is per stage. */
export function appLink(path: string, query: Record<string, string>): string {
  const url = new URL(path, APP_BASE_URL);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}
