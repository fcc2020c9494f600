import path from 'node:path';
import type { Stage } from 'aws-cdk-lib';
import { bundleFunction, bundleFunctions, type Bundle } from './bundle-function';

/**
 * The functions an app will bundle, announced before its stacks are built,
 * so the first function that needs its code gets all of them bundled in one
 * esbuild call (bundleFunctions) and the rest find theirs ready. A function
 * the app did not announce, or one that is code split, is bundled on its
 * own. Each bundle lands in `<assembly>/bundling/<handler>`.
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

/** `<assembly>/bundling/functions-<area>-<name>`: one directory per handler module. */
function outdirOf(stage: Stage, entry: string): string {
  const handler = path.relative(process.cwd(), entry).replace(/\.ts$/, '').replace(/\W+/g, '-');
  return path.join(stage.outdir, 'bundling', handler);
}
