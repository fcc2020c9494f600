import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { DASHBOARD_DIST, DASHBOARD_HEADERS } from '../../infra/definitions/dashboard';
import { repoRoot } from './emulators';

/**
 * The customer dashboard on the local stack: `web/dist` served at `/` of
 * the API origin (same origin as in AWS, where CloudFront routes `/v1/*` to
 * the API), with the security headers CloudFront sends. A page request — a
 * GET that accepts HTML, outside the API's paths — gets the app's
 * index.html (the app routes on the path: the emails' links
 * `/verify-email`, `/accept-invitation`, `/reset-password` are its pages).
 */
const dist = () => path.join(repoRoot(), DASHBOARD_DIST);
/** What the build reads: any of it newer than the built index.html makes the build stale. */
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'client'];

function newestMtime(p: string): number {
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

export function dashboardIsStale(): boolean {
  const index = path.join(dist(), 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(repoRoot(), s)) > built);
}

/** Builds `web/dist` when missing or older than its sources (a few seconds; nothing to do otherwise). */
export async function ensureDashboardBuilt(): Promise<void> {
  if (!dashboardIsStale()) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot(), 'web/vite.config.ts'), logLevel: 'warn' });
}

const API_PREFIXES = ['/v1/', '/support/', '/_local/', '/docs'];
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Answers a dashboard request and returns true, or returns false for the API. */
export async function handleDashboard(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const asset = /^\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
  if (asset) {
    const file = path.join(dist(), 'assets', asset);
    const type = TYPES[path.extname(asset)];
    if (!type || !existsSync(file)) return false;
    // Hashed names: a new build is a new name.
    res.writeHead(200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable', 'x-request-id': requestId, ...DASHBOARD_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : await readFile(file));
    return true;
  }
  // The root is the dashboard's address (`dashboard_url`): its page for any client, a health check's curl included.
  const wantsPage = url.pathname === '/' || (req.headers.accept ?? '').includes('text/html');
  if (!wantsPage || API_PREFIXES.some((p) => url.pathname.startsWith(p)) || path.extname(url.pathname)) return false;
  const index = path.join(dist(), 'index.html');
  if (!existsSync(index)) return false;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': requestId, ...DASHBOARD_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : await readFile(index));
  return true;
}
