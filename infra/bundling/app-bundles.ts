import path from 'node:path';
import type { Stage } from 'aws-cdk-lib';
import { bundleFunction, bundleFunctions, type Bundle } from './bundle-function';
import { FUNCTIONS_DIR } from './functions-dir';

/**
 * The functions an app will bundle, announced before its stacks are built,
 * so the first function that needs its code gets all of them bundled in one
 * esbuild call (bundleFunctions) and the rest find theirs ready — also when
 * only some stacks are bundled (`aws:cdk:bundling-stacks`, as the CLI sets it
 * for a deploy of some): one call for all is faster than one per function,
 * and what an earlier synth built is reused anyway (bundle-record.ts). A
 * function the app did not announce, or one that is code split, is bundled
 * on its own. Each bundle lands in `<assembly>/bundling/functions/<handler>`.
 */
interface Plan {
  readonly entries: ReadonlyMap<string, { codeSplitting: boolean }>;
  built?: Map<string, Bundle>;
}

const plans = new WeakMap<Stage, Plan>();

export function planBundles(stage: Stage, functions: readonly { entry: string; codeSplitting: boolean }[]): void {
  plans.set(stage, { entries: new Map(functions.map(({ entry, codeSplitting }) => [path.resolve(entry), { codeSplitting }])) });
}

export function bundleFor(stage: Stage, entry: string, codeSplitting: boolean): Bundle {
  const key = path.resolve(entry);
  const plan = plans.get(stage);
  if (!plan || codeSplitting || !plan.entries.has(key)) return bundleFunction(key, outdirOf(stage, key), codeSplitting);
  plan.built ??= bundleFunctions(
    [...plan.entries].filter(([, { codeSplitting: split }]) => !split).map(([planned]) => ({ entry: planned, outdir: outdirOf(stage, planned) })),
    path.join(stage.outdir, 'bundling'),
  );
  return plan.built.get(key)!;
}

/** The handler's own path under `bundling/`: one directory per handler module, whatever the working directory. */
function outdirOf(stage: Stage, entry: string): string {
  const handler = path.relative(FUNCTIONS_DIR, entry).replace(/\.ts$/, '');
  if (handler.startsWith('..') || path.isAbsolute(handler)) return path.join(stage.outdir, 'bundling', 'other', path.basename(handler));
  return path.join(stage.outdir, 'bundling', 'functions', handler);
}
