import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';
import { bakedConstants } from './baked-constants';
import { buildKey, Facts, forgetBundle, rememberBundle, reusableBundle } from './bundle-record';

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
 * The AWS SDK's default credential chain, cut to its first link: the
 * environment, where Lambda puts the function's credentials (why, in the
 * file). A test checks that no bundle carries the other links.
 */
export const LAMBDA_CREDENTIALS = fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url));

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
    alias: { semver: XRAY_V2_SEMVER, '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS },
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

/**
 * Bundles the handler into `outdir` — unless the bundle already there was
 * built from exactly the same options and inputs (bundle-record.ts): a
 * repeat synth into the same assembly bundles only what changed.
 */
export function bundleFunction(entry: string, outdir: string, codeSplitting = false): Bundle {
  const outfile = path.join(outdir, 'index.mjs');
  const options = bundleOptions(entry, outfile, codeSplitting);
  const key = buildKey(options);
  const facts = new Facts();
  const reused = reusableBundle(outdir, key, facts);
  if (reused) return reused;
  forgetBundle(outdir);
  // Chunk names carry their content hash: an old build's chunks must not ride along in the asset.
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const builtFrom = Date.now();
  const { metafile } = buildSync({ ...options, metafile: true });
  return remembered(outdir, key, facts.of(metafile, entry, process.cwd(), builtFrom));
}

/**
 * Several functions that need no code splitting, in one esbuild call: it
 * parses what they share (the AWS SDK, Powertools, zod) once instead of once
 * per function — a synth of ~60 functions in ~9 s instead of ~30 here. Each
 * output is byte for byte what `bundleFunction` writes for it alone (without
 * splitting, esbuild links every entry point on its own), so asset hashes do
 * not depend on which way it was built, and neither does reuse: a bundle is
 * reused under its single-build key, and only the others are built.
 */
export function bundleFunctions(requests: readonly { entry: string; outdir: string }[], root: string): Map<string, Bundle> {
  const facts = new Facts();
  const bundles = new Map<string, Bundle>();
  const stale: { entry: string; outdir: string; key: string }[] = [];
  for (const { entry, outdir } of requests) {
    const key = buildKey(bundleOptions(entry, path.join(outdir, 'index.mjs')));
    const reused = reusableBundle(outdir, key, facts);
    if (reused) bundles.set(entry, reused);
    else stale.push({ entry, outdir, key });
  }
  if (stale.length === 0) return bundles;
  for (const { outdir } of stale) {
    forgetBundle(outdir);
    rmSync(outdir, { recursive: true, force: true });
  }
  const builtFrom = Date.now();
  const { metafile } = buildSync({ ...batchOptions(stale, root), metafile: true });
  for (const { entry, outdir, key } of stale) bundles.set(entry, remembered(outdir, key, facts.of(metafile, entry, process.cwd(), builtFrom)));
  return bundles;
}

/**
 * The one esbuild call that bundles several functions into `root` (each into
 * its `outdir`, which must lie below it), each entry with what
 * `bundleOptions` gives it alone: only where each output goes differs.
 */
export function batchOptions(requests: readonly { entry: string; outdir: string }[], root: string): BuildOptions {
  // Baked constants apply to the whole build: each name may have one value only.
  const define: Record<string, string> = {};
  for (const [name, value] of requests.flatMap(({ entry }) => Object.entries(bakedConstants(entry) ?? {}))) {
    if (name in define && define[name] !== value) throw new Error(`Two functions bake different values for ${name}: bundle them apart.`);
    define[name] = value;
  }
  // Every other option is each function's own (bundleOptions, which its key hashes).
  const { entryPoints: _one, outfile: _file, define: _own, ...shared } = bundleOptions(requests[0]!.entry, path.join(requests[0]!.outdir, 'index.mjs'));
  return {
    ...shared,
    define,
    entryPoints: requests.map(({ entry, outdir }) => ({ in: entry, out: path.relative(root, path.join(outdir, 'index')) })),
    outdir: root,
    outExtension: { '.js': '.mjs' },
  };
}

function remembered(outdir: string, key: string, facts: Record<string, string> | undefined): Bundle {
  const hash = codeHash(path.join(outdir, 'index.mjs'));
  if (facts) rememberBundle(outdir, key, hash, facts);
  return { dir: outdir, hash };
}
