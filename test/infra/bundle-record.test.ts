import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync as writeNow } from 'node:fs';
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
/** Written a minute ago: a module modified after its build began is never vouched for, and these builds begin right away. */
function writeFileSync(file: string, text: string): void {
  writeNow(file, text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}
const written = () => statSync(path.join(outdir, 'index.mjs'), { bigint: true }).mtimeNs;

function project(): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(src, 'greeting'), { recursive: true });
  writeFileSync(entry, "import { greet } from './greeting';\nimport { unused } from './spare';\nexport const handler = async () => greet('team');\nexport const keep = typeof unused;\n");
  writeFileSync(path.join(src, 'greeting', 'index.ts'), "export const greet = (who: string) => `hello ${who}`;\n");
  writeFileSync(path.join(src, 'spare.ts'), 'export function unused() { return 1; }\nexport function dropped() { return 2; }\n');
}

function append(file: string, text: string): void {
  appendFileSync(file, text);
  const past = new Date(Date.now() - 30_000);
  utimesSync(file, past, past);
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
    append(path.join(src, 'spare.ts'), "globalThis.sideEffect = 'now bundled';\n");
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
    append(path.join(outdir, 'index.mjs.map'), ' ');
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

  it('rebuilds when an output was changed in place, even at the same size', () => {
    bundleFunction(entry, outdir);
    const at = written();
    const file = path.join(outdir, 'index.mjs');
    writeNow(file, readFileSync(file, 'utf8').replace('hello', 'HELLO'));
    bundleFunction(entry, outdir);
    expect(written()).not.toBe(at);
    expect(readFileSync(file, 'utf8')).toContain('hello');
  });

  it("rebuilds when a package's own package.json changes, though a nested one sits nearer its module", () => {
    mkdirSync(path.join(root, 'pkg', 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'pkg', 'package.json'), '{ "name": "pkg" }\n');
    writeFileSync(path.join(root, 'pkg', 'lib', 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(root, 'pkg', 'lib', 'index.ts'), 'export const v = 1;\n');
    writeFileSync(entry, "import { v } from '../pkg/lib';\nexport const handler = async () => v;\n");
    bundleFunction(entry, outdir);
    const at = written();
    writeFileSync(path.join(root, 'pkg', 'package.json'), '{ "name": "pkg", "sideEffects": false }\n');
    bundleFunction(entry, outdir);
    expect(written()).not.toBe(at);
  });

  it('rebuilds when a file a tsconfig extends changes', () => {
    writeFileSync(path.join(root, 'tsconfig.base.json'), '{ "compilerOptions": {} }\n');
    writeFileSync(path.join(src, 'tsconfig.json'), '{\n  // with a comment, as tsconfig allows\n  "extends": "../tsconfig.base.json"\n}\n');
    writeFileSync(entry, 'export class Greeter { greeting = "hi"; }\nexport const handler = async () => new Greeter().greeting;\n');
    bundleFunction(entry, outdir);
    const at = written();
    writeFileSync(path.join(root, 'tsconfig.base.json'), '{ "compilerOptions": { "useDefineForClassFields": false } }\n');
    bundleFunction(entry, outdir);
    expect(written()).not.toBe(at);
  });

  it('rebuilds when a symbolic link an import goes through is pointed elsewhere', () => {
    writeFileSync(path.join(src, 'alpha.ts'), "export const name = 'alpha';\n");
    writeFileSync(path.join(src, 'bravo.ts'), "export const name = 'bravo';\n");
    mkdirSync(path.join(root, 'links'));
    symlinkSync('../src/alpha.ts', path.join(root, 'links', 'name.ts'));
    writeFileSync(entry, "import { name } from '../links/name';\nexport const handler = async () => name;\n");
    bundleFunction(entry, outdir);
    expect(readFileSync(path.join(outdir, 'index.mjs'), 'utf8')).toContain('alpha');
    rmSync(path.join(root, 'links', 'name.ts'));
    symlinkSync('../src/bravo.ts', path.join(root, 'links', 'name.ts'));
    bundleFunction(entry, outdir);
    expect(readFileSync(path.join(outdir, 'index.mjs'), 'utf8')).toContain('bravo');
  });

  it('records nothing about a module modified after its build began, or no longer the size esbuild read', () => {
    const startedAt = Date.now();
    const { metafile } = buildSync({ ...bundleOptions(entry, path.join(root, 'scratch', 'index.mjs')), metafile: true });
    expect(new Facts().of(metafile, entry, process.cwd(), startedAt)).toBeDefined();
    // Same size, modified while (or after) the build ran: esbuild may have read either version.
    const spare = path.join(src, 'spare.ts');
    writeNow(spare, readFileSync(spare, 'utf8').replace('return 1', 'return 7'));
    expect(new Facts().of(metafile, entry, process.cwd(), startedAt)).toBeUndefined();
    // Another size, even backdated.
    append(spare, '// edited during the build\n');
    expect(new Facts().of(metafile, entry, process.cwd(), startedAt)).toBeUndefined();
  });
});
