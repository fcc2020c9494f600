import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles one function's handler module with esbuild's API, in this process:
 * what NodejsFunction does by spawning `npx esbuild` once per function
 * (about half a second each), here in tens of milliseconds. ESM, minified,
 * source maps without embedded sources, AWS SDK external (the Node.js 22
 * runtime provides v3).
 */
export interface Bundle {
  /** Directory holding `index.mjs` and its source map. */
  dir: string;
  /** SHA-256 of the code alone: the map's relative source paths depend on where it was built, the code does not. */
  hash: string;
}

export function bundleFunction(entry: string, outdir: string): Bundle {
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'index.mjs');
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    logLevel: 'error',
    // ESM output has no `require`, yet bundled CommonJS dependencies call it
    // for Node built-ins. Aliased so it cannot clash with a bundled identifier.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return { dir: outdir, hash: createHash('sha256').update(readFileSync(outfile)).digest('hex') };
}
