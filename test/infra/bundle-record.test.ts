import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleFunction, bundleFunctions, bundleOptions } from '../../infra/bundling/bundle-function';
import { Facts } from '../../infra/bundling/bundle-record';

/**
 * A repeat synth reuses a bundle only if nothing it was built from changed.
 * A small project inside the repository (its directories are what the record
 * watches), bundled with the real options; "rebuilt" is told by the output's
 * modification time, since a reused bundle is not written at all.
 */
const root = mkdtempSync(path.join(process.cwd(), '.cache', 'bundle-record-'));
const src = path.join(root, 'src');
const entry = path.join(src, 'handler.ts');
const outdir = path.join(root, 'out', 'handler');
const written = () => statSync(path.join(outdir, 'index.mjs'), { bigint: true }).mtimeNs;

function project(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(src, 'greeting'), { recursive: true });
  writeFileSync(entry, "import { greet } from './greeting';\nimport { unused } from './spare';\nexport const handler = async () => greet('team');\nexport const keep = typeof unused;\n");
  writeFileSync(path.join(src, 'greeting', 'index.ts'), "export const greet = (who: string) => `hello ${who}`;\n");
  writeFileSync(path.join(src, 'spare.ts'), 'export function unused() { return 1; }\nexport function dropped() { return 2; }\n');
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bundle records', () => {
  beforeEach(project);

  it('reuses a bundle built from the same options and modules, without writing it again', () => {
    const first = bundleFunction(entry, outdir);
    const at = written();
    const second = bundleFunction(entry, outdir);
    expect(second).toEqual(first);
    expect(written()).toBe(at);
  });

  it('rebuilds when a module it reaches changes, even one tree shaking dropped entirely', () => {
    const first = bundleFunction(entry, outdir);
    writeFileSync(path.join(src, 'greeting', 'index.ts'), "export const greet = (who: string) => `hi ${who}`;\n");
    const edited = bundleFunction(entry, outdir);
    expect(edited.hash).not.toBe(first.hash);
    expect(readFileSync(path.join(outdir, 'index.mjs'), 'utf8')).toContain('hi ');

    // `dropped` is in no bundle, yet giving its module a side effect puts it there.
    const at = written();
    appendFileSync(path.join(src, 'spare.ts'), "globalThis.sideEffect = 'now bundled';\n");
    const withSideEffect = bundleFunction(entry, outdir);
    expect(written()).not.toBe(at);
    expect(readFileSync(path.join(outdir, 'index.mjs'), 'utf8')).toContain('now bundled');
    expect(withSideEffect.hash).not.toBe(edited.hash);
  });

  it('rebuilds when a new file changes what an import resolves to', () => {
    bundleFunction(entry, outdir);
    // `./greeting` was greeting/index.ts; a greeting.ts beside it now wins.
    writeFileSync(path.join(src, 'greeting.ts'), "export const greet = (who: string) => `shadowed ${who}`;\n");
    bundleFunction(entry, outdir);
    expect(readFileSync(path.join(outdir, 'index.mjs'), 'utf8')).toContain('shadowed');
  });

  it('rebuilds when a nearer package.json or node_modules appears above a module', () => {
    bundleFunction(entry, outdir);
    const at = written();
    writeFileSync(path.join(root, 'package.json'), '{ "sideEffects": false }\n');
    bundleFunction(entry, outdir);
    expect(written()).not.toBe(at);
  });

  it('rebuilds when its options change or its output was tampered with', () => {
    bundleFunction(entry, outdir);
    let at = written();
    bundleFunction(entry, outdir, true); // code split: other options
    expect(written()).not.toBe(at);

    at = written();
    appendFileSync(path.join(outdir, 'index.mjs.map'), ' ');
    bundleFunction(entry, outdir, true);
    expect(written()).not.toBe(at);

    at = written();
    rmSync(path.join(outdir, 'index.mjs.map'));
    bundleFunction(entry, outdir, true);
    expect(written()).not.toBe(at);
  });

  it('bundles together only what is not reusable, and reuses what was built alone', () => {
    const other = path.join(src, 'other.ts');
    writeFileSync(other, "import { greet } from './greeting';\nexport const handler = async () => greet('other');\n");
    const otherOut = path.join(root, 'out', 'other');
    const alone = bundleFunction(entry, outdir);
    const at = written();

    const together = bundleFunctions([{ entry, outdir }, { entry: other, outdir: otherOut }], path.join(root, 'out'));
    expect(together.get(entry)).toEqual(alone);
    expect(written()).toBe(at);
    expect(readFileSync(path.join(otherOut, 'index.mjs'), 'utf8')).toContain('other');

    // And the other way round: what the batch built, a build of one reuses.
    const otherAt = statSync(path.join(otherOut, 'index.mjs'), { bigint: true }).mtimeNs;
    expect(bundleFunction(other, otherOut)).toEqual(together.get(other));
    expect(statSync(path.join(otherOut, 'index.mjs'), { bigint: true }).mtimeNs).toBe(otherAt);
  });

  it('records nothing about a module that changed while it was bundled', () => {
    const { metafile } = buildSync({ ...bundleOptions(entry, path.join(root, 'scratch', 'index.mjs')), metafile: true });
    expect(new Facts().of(metafile, entry, process.cwd())).toBeDefined();
    appendFileSync(path.join(src, 'spare.ts'), '// edited during the build\n');
    expect(new Facts().of(metafile, entry, process.cwd())).toBeUndefined();
  });
});
