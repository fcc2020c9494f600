import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';
import { bakedConstants } from './baked-constants';

/**
 * Bundles one function's handler module with esbuild's API, in this process:
 * what NodejsFunction does by spawning `npx esbuild` once per function
 * (about half a second each), here in tens of milliseconds.
 */
export interface Bundle {
  /** Directory holding `index.mjs` and its source map. */
  dir: string;
  /** SHA-256 of the code alone: the map's relative source paths depend on where it was built, the code does not. */
  hash: string;
}

/**
 * Powertools' tracer loads the X-Ray SDK whole, and with it the patcher for
 * the AWS SDK *v2* (`captureAWS`), whose only use of `semver` is to check a
 * v2 SDK's version. This product captures v3 clients only (ESLint forbids
 * `captureAWS`), yet bundled, `semver` costs every function ~29 KB and the
 * compilation of its regular expressions at every cold start (~10 ms of
 * ~160 here). So bundles get a stand-in that refuses that call; a test
 * checks that nothing else in any bundle imports `semver`.
 */
export const XRAY_V2_SEMVER = fileURLToPath(new URL('./xray-v2-semver.cjs', import.meta.url));

/**
 * ESM, minified, source maps without embedded sources, and the AWS SDK
 * bundled in: the runtime provides v3, but loading it from the runtime's
 * node_modules is most of a cold start (bench/results: every function
 * imports faster with its SDK bundled than a bare client from node_modules).
 * What a module would compute at every cold start from build-time facts
 * alone comes baked in (see baked-constants.ts).
 */
function commonOptions(define: Record<string, string> | undefined): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
    define,
    alias: { semver: XRAY_V2_SEMVER },
    // ESM output has no `require`, yet bundled CommonJS dependencies call it
    // for Node built-ins. Aliased so it cannot clash with a bundled identifier.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  };
}

/**
 * One function's build — code split where the function asks for it: then a
 * module the handler imports dynamically (a provider SDK only one kind of
 * request needs) becomes a chunk beside `index.mjs`, read from disk only
 * when first imported, so a cold start neither parses nor runs it. (Not
 * everywhere: the SDK's own rarely-taken dynamic imports would then add
 * chunks to every function.)
 */
export function bundleOptions(entry: string, outfile: string, codeSplitting = false): BuildOptions {
  return {
    ...commonOptions(bakedConstants(entry)),
    entryPoints: [entry],
    ...(codeSplitting
      ? { outdir: path.dirname(outfile), entryNames: path.basename(outfile, '.mjs'), outExtension: { '.js': '.mjs' }, splitting: true, chunkNames: 'chunk-[hash]' }
      : { outfile }),
  };
}

export function codeHash(outfile: string): string {
  return createHash('sha256').update(readFileSync(outfile)).digest('hex');
}

export function bundleFunction(entry: string, outdir: string, codeSplitting = false): Bundle {
  // Chunk names carry their content hash: an old build's chunks must not ride along in the asset.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'index.mjs');
  buildSync(bundleOptions(entry, outfile, codeSplitting));
  return { dir: outdir, hash: codeHash(outfile) };
}

/**
 * Several functions that need no code splitting, in one esbuild call: it
 * parses what they share (the AWS SDK, Powertools, zod) once instead of once
 * per function — a synth of ~60 functions in ~9 s instead of ~30 here. Each
 * output is byte for byte what `bundleFunction` writes for it alone (without
 * splitting, esbuild links every entry point on its own), so asset hashes do
 * not depend on which way it was built.
 */
export function bundleFunctions(requests: readonly { entry: string; outdir: string }[], root: string): Map<string, Bundle> {
  for (const { outdir } of requests) rmSync(outdir, { recursive: true, force: true });
  // Baked constants apply to the whole build: each name may have one value only.
  const define: Record<string, string> = {};
  for (const [name, value] of requests.flatMap(({ entry }) => Object.entries(bakedConstants(entry) ?? {}))) {
    if (name in define && define[name] !== value) throw new Error(`Two functions bake different values for ${name}: bundle them apart.`);
    define[name] = value;
  }
  buildSync({
    ...commonOptions(define),
    entryPoints: requests.map(({ entry, outdir }) => ({ in: entry, out: path.relative(root, path.join(outdir, 'index')) })),
    outdir: root,
    outExtension: { '.js': '.mjs' },
  });
  return new Map(requests.map(({ entry, outdir }) => [entry, { dir: outdir, hash: codeHash(path.join(outdir, 'index.mjs')) }]));
}
