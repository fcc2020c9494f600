import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { version as esbuildVersion, type BuildOptions, type Metafile } from 'esbuild';
import { FUNCTIONS_DIR } from './functions-dir';

/**
 * A bundle remembers what it was built from, so the next synth into the same
 * assembly reuses it instead of bundling again — when, and only when, nothing
 * it was built from has changed. That is judged on content, never on times:
 *
 * - the esbuild version and every build option (baked constants included);
 * - every module the entry reaches, tree-shaken ones too (an edit can give a
 *   dropped module a side effect that brings it back);
 * - the names in each directory holding one of those modules, since a new
 *   file there can change what an import resolves to (`./x` becoming `x.ts`
 *   instead of `x/index.ts`); and in the directories above, up to the
 *   repository, the names that steer resolution (a new nested
 *   `node_modules`, a nearer `package.json` or `tsconfig.json`) — only
 *   those, or a new file at the root would rebuild everything;
 * - the `package.json` governing each module (`exports`, `sideEffects`,
 *   `type`), the lockfile and `tsconfig.json`;
 * - the outputs themselves, by name and size.
 *
 * The record sits beside the bundle's directory (`<handler>.build.json`), not
 * in it: the directory is the Lambda asset. It is removed before a bundle is
 * rebuilt and written only once the bundle is complete, so an interrupted
 * build is never taken for a finished one.
 */
interface BuildRecord {
  key: string;
  /** SHA-256 of `index.mjs`: the asset hash. */
  hash: string;
  /** Every output file (relative to the bundle's directory) and its size. */
  outputs: Record<string, number>;
  /**
   * `file:<path>` → content digest; `dir:<path>` → digest of its entry names;
   * `above:<path>` → digest of those of its names that steer resolution.
   * Paths relative to the repository.
   */
  facts: Record<string, string>;
}

const REPOSITORY = path.dirname(path.resolve(FUNCTIONS_DIR));
const PROJECT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];

/** The names that change how an import below their directory resolves or compiles. */
const STEERING = new Set(['node_modules', 'package.json', 'tsconfig.json', 'jsconfig.json']);

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The build's identity apart from its inputs: esbuild's version and the options as given. */
export function buildKey(options: BuildOptions): string {
  return sha256(JSON.stringify({ esbuild: esbuildVersion, options }));
}

const recordFile = (outdir: string) => `${path.resolve(outdir)}.build.json`;

/**
 * Digests of files and directory listings, each taken once per instance:
 * the ~60 functions of a synth share most of their modules. One instance per
 * build, so an edit between two builds in the same process is seen.
 */
export class Facts {
  private readonly digests = new Map<string, string>();

  digest(fact: string): string {
    let digest = this.digests.get(fact);
    if (digest === undefined) {
      digest = this.measure(fact);
      this.digests.set(fact, digest);
    }
    return digest;
  }

  private measure(fact: string): string {
    const [kind, target] = [fact.slice(0, fact.indexOf(':')), fact.slice(fact.indexOf(':') + 1)];
    try {
      const absolute = path.join(REPOSITORY, target);
      if (kind === 'dir') return sha256(readdirSync(absolute).sort().join('\n'));
      if (kind === 'above') return sha256(readdirSync(absolute).filter((name) => STEERING.has(name)).sort().join('\n'));
      return sha256(readFileSync(absolute));
    } catch {
      return 'missing';
    }
  }

  /**
   * The facts a bundle of `entry` depends on, from its build's metafile
   * (paths relative to `cwd`, as esbuild writes them) — or nothing, if a
   * module changed while it was being bundled: then the bundle may hold what
   * no digest describes, and the next build must not reuse it.
   */
  of(metafile: Metafile, entry: string, cwd: string): Record<string, string> | undefined {
    const names = new Set(PROJECT_FILES.map((file) => `file:${file}`));
    for (const input of reachable(metafile, entry, cwd)) {
      const own = this.factsOfModule(cwd, input, metafile.inputs[input]!.bytes);
      if (!own) return undefined;
      for (const name of own) names.add(name);
    }
    const facts: Record<string, string> = {};
    for (const name of names) facts[name] = this.digest(name);
    return facts;
  }

  private readonly modules = new Map<string, string[] | undefined>();

  /** A module's own facts: itself, its directories, its `package.json` — none if its size is no longer what esbuild read. */
  private factsOfModule(cwd: string, input: string, bytes: number): string[] | undefined {
    const memo = `${bytes}:${cwd}:${input}`; // esbuild's view of the module: another build may have read it at another size
    if (!this.modules.has(memo)) {
      const file = path.resolve(cwd, input);
      let own: string[] | undefined;
      if (sizeOf(file) === bytes) {
        own = [`file:${path.relative(REPOSITORY, file)}`];
        own.push(`dir:${path.relative(REPOSITORY, path.dirname(file))}`);
        for (let dir = path.dirname(path.dirname(file)); isWithin(dir); dir = path.dirname(dir)) own.push(`above:${path.relative(REPOSITORY, dir)}`);
        const manifest = this.packageJsonOf(path.dirname(file));
        if (manifest) own.push(`file:${path.relative(REPOSITORY, manifest)}`);
      }
      this.modules.set(memo, own);
    }
    return this.modules.get(memo);
  }

  private readonly packageJsons = new Map<string, string | undefined>();

  /** The nearest `package.json` at or above `dir`, within the repository. */
  private packageJsonOf(dir: string): string | undefined {
    if (!this.packageJsons.has(dir)) {
      const here = path.join(dir, 'package.json');
      this.packageJsons.set(dir, existsSync(here) ? here : dir !== REPOSITORY && isWithin(dir) ? this.packageJsonOf(path.dirname(dir)) : undefined);
    }
    return this.packageJsons.get(dir);
  }
}

/** The bundle built before into `outdir` from the same key and inputs, if there is one and it is intact. */
export function reusableBundle(outdir: string, key: string, facts: Facts): { dir: string; hash: string } | undefined {
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(recordFile(outdir), 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
  if (record.key !== key) return undefined;
  const outputs = listOutputs(outdir);
  if (!outputs || JSON.stringify(outputs) !== JSON.stringify(record.outputs)) return undefined;
  for (const [fact, digest] of Object.entries(record.facts)) if (facts.digest(fact) !== digest) return undefined;
  return { dir: outdir, hash: record.hash };
}

/** Forgets what `outdir` was built from: called before it is rebuilt. */
export function forgetBundle(outdir: string): void {
  rmSync(recordFile(outdir), { force: true });
}

export function rememberBundle(outdir: string, key: string, hash: string, facts: Record<string, string>): void {
  const record: BuildRecord = { key, hash, outputs: listOutputs(outdir) ?? {}, facts };
  const file = recordFile(outdir);
  writeFileSync(`${file}.tmp`, JSON.stringify(record));
  renameSync(`${file}.tmp`, file);
}

function listOutputs(outdir: string): Record<string, number> | undefined {
  if (!existsSync(path.join(outdir, 'index.mjs'))) return undefined;
  const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(path.join(outdir, name)).isFile())
    .sort();
  return Object.fromEntries(files.map((name) => [name, statSync(path.join(outdir, name)).size]));
}

/** Every module the entry reaches through the build's import graph, as the metafile names them. */
function reachable(metafile: Metafile, entry: string, cwd: string): Set<string> {
  const seen = new Set<string>();
  const visit = (input: string) => {
    if (seen.has(input) || !metafile.inputs[input]) return;
    seen.add(input);
    for (const imported of metafile.inputs[input].imports) if (!imported.external) visit(imported.path);
  };
  visit(path.relative(cwd, entry).split(path.sep).join('/'));
  if (seen.size === 0) throw new Error(`${entry} is not an input of this build`);
  return seen;
}

function isWithin(dir: string): boolean {
  const relative = path.relative(REPOSITORY, dir);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}
