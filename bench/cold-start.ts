import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { repoRoot } from '../scripts/local/emulators';

/**
 * Cold-start cost of one operation's bundle (as OperationFunction bundles
 * it: ESM, minified, AWS SDK external), against importing the bare
 * DynamoDB document client in the same way: each import runs in a fresh
 * Node process, median of several.
 */
const RUNS = 7;
const dir = path.join(repoRoot(), '.cache', 'bench');

function importOnce(file: string): number {
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    TABLE_NAME: 'bench',
    USER_POOL_ID: 'us-east-1_bench',
    USER_POOL_CLIENT_ID: 'bench',
  };
  const script = `const t=process.hrtime.bigint();import(${JSON.stringify(file)}).then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  return Number(execFileSync(process.execPath, ['-e', script], { env, cwd: repoRoot() }).toString());
}

/** Medians of RUNS fresh-process imports of each file, alternating between them. */
function interleavedMedians(a: string, b: string): [number, number] {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) samples[k as 0 | 1].push(importOnce(k === 0 ? a : b));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(samples[0]), median(samples[1])];
}

export async function measureColdStart(handler: string) {
  mkdirSync(dir, { recursive: true });
  const bundle = path.join(dir, 'handler.mjs');
  const baseline = path.join(dir, 'baseline.mjs');
  const common: BuildOptions = { bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, external: ['@aws-sdk/*'], logLevel: 'silent' };
  const { metafile } = await build({ ...common, entryPoints: [path.join(repoRoot(), 'functions', `${handler}.ts`)], outfile: bundle, metafile: true });
  writeFileSync(
    path.join(dir, 'baseline-entry.mjs'),
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const c = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n",
  );
  await build({ ...common, entryPoints: [path.join(dir, 'baseline-entry.mjs')], outfile: baseline });
  const bytes = Object.values(metafile!.outputs)[0]!.bytes;
  const [handlerMs, baselineMs] = interleavedMedians(bundle, baseline);
  return { handler, bundleKb: Math.round(bytes / 1024), handlerMs, baselineMs };
}
