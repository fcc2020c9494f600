import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DASHBOARD_DIST } from '../infra/definitions/dashboard';
import { repoRoot } from '../scripts/local/emulators';

export interface FirstLoad {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  bytes: number;
  gzipBytes: number;
}

/** The goal of the dashboard's first load, gzipped, all files together. */
export const FIRST_LOAD_BUDGET_GZIP_BYTES = 150 * 1024;

/** What a browser fetches to show the first page: index.html and every asset it names, raw and gzipped (level 9, as a CDN compresses). */
export function dashboardFirstLoad(): FirstLoad {
  const dist = path.join(repoRoot(), DASHBOARD_DIST);
  const html = readFileSync(path.join(dist, 'index.html'));
  const assets = [...html.toString().matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const files = [{ name: 'index.html', body: html }, ...assets.map((a) => ({ name: a, body: readFileSync(path.join(dist, a)) }))].map(({ name, body }) => ({
    file: name,
    bytes: body.length,
    gzipBytes: gzipSync(body, { level: 9 }).length,
  }));
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

export function dashboardSizeTable(load: FirstLoad): string[] {
  const kb = (n: number) => (n / 1024).toFixed(1);
  return [
    `## Dashboard first load (web/dist: index.html and what it names; goal ≤ ${FIRST_LOAD_BUDGET_GZIP_BYTES / 1024} KB gzipped)`,
    '',
    '| file | KB | KB gzipped |',
    '|---|---:|---:|',
    ...load.files.map((f) => `| ${f.file.replace(/-[\w]{8}\./, '.')} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} |`),
    `| **total** | ${kb(load.bytes)} | ${kb(load.gzipBytes)} |`,
    '',
  ];
}
