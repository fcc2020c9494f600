import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
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
 * - the entries of each directory holding one of those modules or named by a
 *   relative import (symbolic links with their targets), since a new or
 *   retargeted file there can change what an import resolves to (`./x`
 *   becoming `x.ts` instead of `x/index.ts`); and in the directories above,
 *   up to the repository, the entries that steer resolution (a new nested
 *   `node_modules`, a nearer `package.json` or `tsconfig.json`, a link) —
 *   only those, or a new file at the root would rebuild everything;
 * - every `package.json`, `tsconfig.json` and `jsconfig.json` from each
 *   module up to the repository (a package's own `exports`, `sideEffects`,
 *   `type` — also when a nested one sits nearer), the files a `tsconfig.json`
 *   extends, the lockfile;
 * - the outputs themselves, by content.
 *
 * Time serves only to refuse: a module modified after its build began is
 * never vouched for, since esbuild may have read it before the change.
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
  /** Every output file (relative to the bundle's directory) and its digest. */
  outputs: Record<string, string>;
  /**
   * `file:<path>` → content digest; `dir:<path>` → digest of its entries;
   * `above:<path>` → digest of those of its entries that steer resolution.
   * Paths relative to the repository.
   */
  facts: Record<string, string>;
}

const REPOSITORY = path.dirname(path.resolve(FUNCTIONS_DIR));
const PROJECT_FILES = ['package-lock.json'];
/** The files that change how a module below their directory resolves or compiles. */
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];
/** The entries that steer resolution below their directory. */
const STEERING = new Set(['node_modules', ...CONFIG_FILES]);

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The build's identity apart from its inputs: esbuild's version and the options as given. */
export function buildKey(options: BuildOptions): string {
  return sha256(JSON.stringify({ esbuild: esbuildVersion, options }));
}

const recordFile = (outdir: string) => `${path.resolve(outdir)}.build.json`;
const relative = (file: string) => path.relative(REPOSITORY, file);

/** A directory's entries as text: names, with a link's target (a retargeted link is another entry). */
function listing(dir: string, keep: (entry: Dirent) => boolean): string {
  return readdirSync(dir, { withFileTypes: true })
    .filter(keep)
    .map((entry) => (entry.isSymbolicLink() ? `${entry.name} -> ${readlinkSync(path.join(dir, entry.name))}` : entry.name))
    .sort()
    .join('\n');
}

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
      if (kind === 'dir') return sha256(listing(absolute, () => true));
      if (kind === 'above') return sha256(listing(absolute, (entry) => STEERING.has(entry.name) || entry.isSymbolicLink()));
      return sha256(readFileSync(absolute));
    } catch {
      return 'missing';
    }
  }

  /**
   * The facts a bundle of `entry` depends on, from its build's metafile
   * (paths relative to `cwd`, as esbuild writes them) — or nothing, if a
   * module it reaches was modified after `builtFrom` (when the build began)
   * or is no longer the size esbuild read: then the bundle may hold what no
   * digest describes, and the next build must not reuse it.
   */
  of(metafile: Metafile, entry: string, cwd: string, builtFrom: number): Record<string, string> | undefined {
    const names = new Set(PROJECT_FILES.map((file) => `file:${file}`));
    const { inputs, importDirs } = reachable(metafile, entry, cwd);
    for (const input of inputs) {
      const own = this.factsOfModule(cwd, input, metafile.inputs[input]!.bytes, builtFrom);
      if (!own) return undefined;
      for (const name of own) names.add(name);
    }
    for (const dir of importDirs) if (isWithin(dir)) names.add(`dir:${relative(dir)}`);
    const facts: Record<string, string> = {};
    for (const name of names) facts[name] = this.digest(name);
    return facts;
  }

  private readonly modules = new Map<string, string[] | undefined>();

  /** A module's own facts: itself, its directories, the configuration above it — none if it changed since esbuild read it. */
  private factsOfModule(cwd: string, input: string, bytes: number, builtFrom: number): string[] | undefined {
    const memo = `${bytes}:${builtFrom}:${cwd}:${input}`; // another build may have read it at another size, or at another time
    if (!this.modules.has(memo)) {
      const file = path.resolve(cwd, input);
      let own: string[] | undefined;
      if (unchangedSince(file, bytes, builtFrom)) {
        own = [`file:${relative(file)}`, `dir:${relative(path.dirname(file))}`];
        for (let dir = path.dirname(path.dirname(file)); isWithin(dir); dir = path.dirname(dir)) own.push(`above:${relative(dir)}`);
        own.push(...this.configFilesAbove(path.dirname(file)).map((config) => `file:${relative(config)}`));
      }
      this.modules.set(memo, own);
    }
    return this.modules.get(memo);
  }

  private readonly configs = new Map<string, string[]>();

  /** Every configuration file at or above `dir`, within the repository, and whatever each tsconfig extends. */
  private configFilesAbove(dir: string): string[] {
    let found = this.configs.get(dir);
    if (!found) {
      const here = CONFIG_FILES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
      const extended = here.filter((file) => !file.endsWith('package.json')).flatMap((file) => extendedConfigs(file));
      const above = dir !== REPOSITORY && isWithin(path.dirname(dir)) ? this.configFilesAbove(path.dirname(dir)) : [];
      found = [...here, ...extended, ...above];
      this.configs.set(dir, found);
    }
    return found;
  }
}

/**
 * The files a tsconfig extends, transitively (`extends`: a path or a package,
 * one or several). Read with TypeScript's own parser (tsconfig is JSON with
 * comments), loaded only when a config extends anything.
 */
function extendedConfigs(config: string, seen = new Set<string>()): string[] {
  if (seen.has(config)) return [];
  seen.add(config);
  const text = readFileSync(config, 'utf8');
  if (!text.includes('"extends"')) return [];
  const require = createRequire(config);
  const ts = require('typescript') as typeof import('typescript');
  const parsed = ts.parseConfigFileTextToJson(config, text).config as { extends?: string | string[] } | undefined;
  const bases = [parsed?.extends ?? []].flat();
  return bases.flatMap((base) => {
    const file = resolveExtended(base, config, require);
    // Unresolvable: recorded as a file that is missing until it appears.
    return file ? [file, ...extendedConfigs(file, seen)] : [path.resolve(path.dirname(config), base)];
  });
}

function resolveExtended(base: string, config: string, require: NodeJS.Require): string | undefined {
  const candidates = base.startsWith('.') || path.isAbsolute(base) ? [path.resolve(path.dirname(config), base)] : [];
  for (const candidate of candidates.flatMap((file) => [file, `${file}.json`])) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  if (candidates.length > 0) return undefined;
  for (const request of [base, `${base}/tsconfig.json`]) {
    try {
      return require.resolve(request);
    } catch {
      // Next form.
    }
  }
  return undefined;
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
  // Outputs by content: a tampered bundle must not be staged under the hash of the one it replaced.
  const outputs = listOutputs(outdir);
  if (!outputs || JSON.stringify(outputs) !== JSON.stringify(record.outputs) || outputs['index.mjs'] !== record.hash) return undefined;
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

function listOutputs(outdir: string): Record<string, string> | undefined {
  if (!existsSync(path.join(outdir, 'index.mjs'))) return undefined;
  const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(path.join(outdir, name)).isFile())
    .sort();
  return Object.fromEntries(files.map((name) => [name, sha256(readFileSync(path.join(outdir, name)))]));
}

/**
 * Every module the entry reaches through the build's import graph, as the
 * metafile names them, and the directories its relative imports name (where
 * a link or a new file could redirect them).
 */
function reachable(metafile: Metafile, entry: string, cwd: string): { inputs: Set<string>; importDirs: Set<string> } {
  const inputs = new Set<string>();
  const importDirs = new Set<string>();
  const visit = (input: string) => {
    if (inputs.has(input) || !metafile.inputs[input]) return;
    inputs.add(input);
    for (const imported of metafile.inputs[input].imports) {
      if (imported.original?.startsWith('.')) importDirs.add(path.resolve(cwd, path.dirname(input), path.dirname(imported.original)));
      if (!imported.external) visit(imported.path);
    }
  };
  visit(path.relative(cwd, entry).split(path.sep).join('/'));
  if (inputs.size === 0) throw new Error(`${entry} is not an input of this build`);
  return { inputs, importDirs };
}

function isWithin(dir: string): boolean {
  const rel = relative(dir);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Still the size esbuild read, and not modified since the build began. */
function unchangedSince(file: string, bytes: number, builtFrom: number): boolean {
  try {
    const stat = statSync(file);
    return stat.size === bytes && stat.mtimeMs < builtFrom;
  } catch {
    return false;
  }
}
