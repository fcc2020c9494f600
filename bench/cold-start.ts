import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { functionEnvironment, type FunctionStageSettings, type ResourceNames } from '../infra/definitions/function-environment';
import { allFunctions, type FunctionDefinition } from '../infra/definitions/functions';
import { QUEUES } from '../infra/definitions/queues';
import { bundleOptions } from '../infra/bundling/bundle-function';
import { repoRoot } from '../scripts/local/emulators';
import { ownBytes, sdkInputs } from './own-code';

/**
 * Cold start of every function's bundle, built exactly as the CDK builds it
 * (bundleOptions) and, for comparison, with the AWS SDK left external (as
 * the runtime would provide it): each bundle imported in a fresh Node
 * process, interleaved round by round with the baseline — a bundle that only
 * builds a DynamoDB document client with the SDK from node_modules.
 */
export const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const dir = path.join(repoRoot(), '.cache', 'bench');

/** Placeholder resource names: what a function reads at load is their presence, not their values. */
const names: ResourceNames = {
  tableName: 'bench',
  userPoolId: 'us-east-1_bench',
  userPoolClientId: 'bench',
  emailFrom: 'no-reply@refonte.example',
  integrationRoleArn: 'arn:aws:iam::000000000000:role/bench-integrations',
  queueUrls: Object.fromEntries(QUEUES.map((q) => [q.name, `https://sqs.us-east-1.amazonaws.com/000000000000/${q.name}`])) as ResourceNames['queueUrls'],
};
const stage: FunctionStageSettings = {
  stage: 'bench',
  appBaseUrl: 'https://app.refonte.example',
  teamRateLimit: { perSecond: 50, burst: 100 },
  clientRateLimit: { perMinute: 600 },
  allowLoopbackCallbacks: false,
};

/** Exactly the function's own environment, as its CDK construct sets it (source maps aside: this times the import). */
function envOf(fn: FunctionDefinition): Record<string, string> {
  const { NODE_OPTIONS: _sourceMaps, ...own } = functionEnvironment(fn, names, stage);
  return {
    ...own,
    PATH: process.env.PATH ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}

function importOnce(file: string, env: Record<string, string>): number {
  const script = `const t=process.hrtime.bigint();import(${JSON.stringify(file)}).then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  return Number(execFileSync(process.execPath, ['-e', script], { env, cwd: repoRoot() }).toString());
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

type Output = Metafile['outputs'][string];

/** The outputs a cold start loads: the handler's file and the chunks it imports statically, transitively. */
function loadedAtInit(metafile: Metafile, outfile: string): Output[] {
  // By its file: a chunk of a dynamically imported module has an \`entryPoint\` too.
  const entry = Object.keys(metafile.outputs).find((file) => path.resolve(file) === outfile)!;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // Node built-ins are imports too, but not outputs.
    for (const imported of metafile.outputs[file]!.imports) if (imported.kind === 'import-statement' && metafile.outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  return [...seen].map((file) => metafile.outputs[file]!);
}

export interface ColdStart {
  id: string;
  /** All of the function's own code, chunks it imports on demand included. */
  ownKb: number;
  /** What of it a cold start loads. */
  ownAtInitKb: number;
  bundledMs: number;
  externalMs: number;
  baselineMs: number;
}

export async function measureColdStarts(): Promise<ColdStart[]> {
  mkdirSync(dir, { recursive: true });
  const baselineEntry = path.join(dir, 'baseline-entry.mjs');
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n",
  );
  const baseline = path.join(dir, 'baseline.mjs');
  await build({ ...bundleOptions(baselineEntry, baseline), external: ['@aws-sdk/*'], sourcemap: false });

  const results: ColdStart[] = [];
  for (const fn of allFunctions()) {
    const entry = path.join(repoRoot(), 'functions', `${fn.handler}.ts`);
    const bundled = path.join(dir, fn.id, 'bundled', 'index.mjs');
    const external = path.join(dir, fn.id, 'external', 'index.mjs');
    const { metafile } = await build({ ...bundleOptions(entry, bundled, fn.codeSplitting === true), metafile: true });
    const sdk = sdkInputs(metafile!);
    await build({ ...bundleOptions(entry, external, fn.codeSplitting === true), external: ['@aws-sdk/*'] });
    const samples: Record<'bundled' | 'external' | 'baseline', number[]> = { bundled: [], external: [], baseline: [] };
    for (let i = 0; i < COLD_RUNS; i++) {
      const order = (['bundled', 'external', 'baseline'] as const).map((_, k, all) => all[(k + i) % all.length]!);
      for (const which of order) samples[which].push(importOnce(which === 'bundled' ? bundled : which === 'external' ? external : baseline, envOf(fn)));
    }
    results.push({
      id: fn.id,
      ownKb: Math.round(ownBytes(Object.values(metafile!.outputs), sdk) / 1000),
      ownAtInitKb: Math.round(ownBytes(loadedAtInit(metafile!, bundled), sdk) / 1000),
      bundledMs: median(samples.bundled),
      externalMs: median(samples.external),
      baselineMs: median(samples.baseline),
    });
  }
  return results;
}
