import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { routeList, routes } from '../../functions/routes';
import { allFunctions } from '../../infra/definitions/functions';
import { batchOptions, bundleFunctions, bundleOptions, codeHash, LAMBDA_CREDENTIALS, XRAY_V2_SEMVER } from '../../infra/bundling/bundle-function';

/**
 * A function's asset hash is the hash of its bundle's code, so a function
 * redeploys exactly when its bundle changes. Every function is bundled
 * alone, then all together in one esbuild call (as synth bundles those it
 * does not code split), with one route definition edited on the fly: only
 * that route's function may differ from its bundle alone. (The OpenAPI
 * function's bundle carries the document built from the route table when it
 * is bundled — see baked-openapi.test.ts — so it changes with any route, in
 * a real build.)
 */
const FUNCTIONS = path.resolve('functions');
const entryOf = (fn: { handler: string }) => path.join(FUNCTIONS, `${fn.handler}.ts`);
const edited = routes.getTeam;

/** Loads one route definition with its summary edited, as a developer's edit would. */
const editSummary = (route: { handler: string; summary: string }): Plugin => ({
  name: 'edit-one-route',
  setup(b) {
    const file = path.join(FUNCTIONS, `${route.handler}.route.ts`);
    b.onLoad({ filter: /\.route\.ts$/ }, (args) => {
      if (args.path !== file) return undefined;
      const source = readFileSync(args.path, 'utf8').replace(route.summary, `${route.summary} (edited)`);
      return { contents: source, loader: 'ts' };
    });
  },
});

describe('bundle isolation', () => {
  it('editing one route changes only its own function', async () => {
    const alone = await functionBundles();
    expect(alone.size).toBe(allFunctions().length);
    const root = mkdtempSync(path.join(os.tmpdir(), 'refonte-edited-'));
    const requests = allFunctions().map((fn) => ({ id: fn.id, entry: entryOf(fn), outdir: path.join(root, fn.id) }));
    await build({ ...batchOptions(requests, root), plugins: [editSummary(edited)] });
    const changed = requests.filter(({ id, outdir }) => codeHash(path.join(outdir, 'index.mjs')) !== alone.get(id)!.hash).map(({ id }) => id);
    expect(changed).toEqual([edited.operationId]);

    // Synth's own call (bundleFunctions, for the functions not code split): each gets exactly the code it gets alone.
    const together = allFunctions().filter((fn) => !fn.codeSplitting);
    const bundles = bundleFunctions(
      together.map((fn) => ({ entry: entryOf(fn), outdir: path.join(root, 'unedited', fn.id) })),
      path.join(root, 'unedited'),
    );
    expect(together.filter((fn) => bundles.get(entryOf(fn))!.hash !== alone.get(fn.id)!.hash).map((fn) => fn.id)).toEqual([]);
  });

  it("leaves the code-split functions' real builds (handler and chunks) as they were, and changes each with its own route", async () => {
    const split = allFunctions().filter((fn) => fn.codeSplitting);
    expect(split.length).toBeGreaterThan(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'refonte-split-'));
    for (const fn of split) {
      const own = routeList.find((route) => route.operationId === fn.id)!;
      const hashWith = async (variant: string, plugins: Plugin[]) => {
        const outfile = path.join(dir, fn.id, variant, 'index.mjs');
        await build({ ...bundleOptions(entryOf(fn), outfile, true), plugins });
        // Chunk names carry their content hash, and the handler imports them by name: its hash covers them.
        return codeHash(outfile);
      };
      const [unedited, otherEdited, ownEdited] = await Promise.all([hashWith('unedited', []), hashWith('other', [editSummary(edited)]), hashWith('own', [editSummary(own)])]);
      expect(otherEdited, fn.id).toBe(unedited);
      expect(ownEdited, fn.id).not.toBe(unedited);
    }
  });

  it('no function bundles a route other than its own', async () => {
    for (const [id, { code }] of await functionBundles()) {
      const strangers = routeList.filter((other) => other.operationId !== id && code.includes(JSON.stringify(other.summary).slice(1, -1)));
      expect(strangers.map((r) => r.operationId), id).toEqual([]);
    }
  });

  it('only the invoice document function bundles the PDF library (pdf-lib, several hundred KB)', async () => {
    const carriers = [...(await functionBundles())].filter(([, { inputs }]) => inputs.some((file) => file.includes('node_modules/pdf-lib/')));
    expect(carriers.map(([id]) => id)).toEqual([routes.getInvoiceDocument.operationId]);
  });

  it("bundles `semver`'s stand-in only for the X-Ray SDK's AWS SDK v2 patcher, which nothing calls", async () => {
    const importers = new Set([...(await functionBundles()).values()].flatMap(({ semverImporters }) => semverImporters));
    expect([...importers]).toEqual(['node_modules/aws-xray-sdk-core/dist/lib/patchers/aws_p.js']);
  });

  it("gives the X-Ray SDK the AsyncLocalStorage namespace, not cls-hooked's async hooks (package.json overrides)", async () => {
    for (const [id, { inputs }] of await functionBundles()) {
      const context = inputs.filter((input) => /cls-hooked|emitter-listener|shimmer|async-hook-jl/.test(input));
      expect(context, id).toEqual(['packages/cls-hooked-als/context.cjs']);
    }
  });

  it('takes AWS credentials from the environment only, as Lambda gives them: no other link of the default chain is bundled', async () => {
    const standIn = path.relative(process.cwd(), LAMBDA_CREDENTIALS);
    const withClients = [...(await functionBundles())].filter(([, { inputs }]) => inputs.some((input) => input.includes('@aws-sdk/core/')));
    expect(withClients.length).toBeGreaterThan(50);
    for (const [id, { inputs }] of withClients) {
      const providers = inputs.filter((input) => /credential-provider|nested-clients|token-providers/.test(input)).map((input) => input.replace(/\/dist-es\/.*/, ''));
      expect(inputs, id).toContain(standIn);
      expect([...new Set(providers)], id).toEqual(['node_modules/@aws-sdk/credential-provider-env']);
    }
  });
});

interface FunctionBundle {
  code: string;
  /** SHA-256 of the code: the asset hash. */
  hash: string;
  /** The source files that went into it. */
  inputs: string[];
  /** The files in it that import `semver` (bundled as a stand-in). */
  semverImporters: string[];
}
let built: Promise<Map<string, FunctionBundle>> | undefined;

/** Every function's bundle (routes, authorizer, consumers and schedules), each built alone, by its id: once for this file. */
function functionBundles() {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'refonte-isolation-'));
    const standIn = path.relative(process.cwd(), XRAY_V2_SEMVER);
    const entries = await fewAtATime(
      allFunctions(),
      async (fn) => {
        const outfile = path.join(dir, fn.id, 'index.mjs');
        const { metafile } = await build({ ...bundleOptions(entryOf(fn), outfile), metafile: true });
        const semverImporters = Object.entries(metafile.inputs)
          .filter(([, input]) => input.imports.some((imported) => imported.path === standIn))
          .map(([file]) => file);
        const bundle: FunctionBundle = { code: readFileSync(outfile, 'utf8'), hash: codeHash(outfile), inputs: Object.keys(metafile.inputs), semverImporters };
        return [fn.id, bundle] as const;
      },
    );
    return new Map(entries);
  })();
  return built;
}

/** Four builds at a time keep both cores busy; all ~60 at once held ~5 GiB in esbuild's service. */
async function fewAtATime<T, R>(items: readonly T[], run: (item: T) => Promise<R>, limit = 4): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}
