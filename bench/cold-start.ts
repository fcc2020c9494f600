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

function importMs(file: string): number {
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    TABLE_NAME: 'bench',
    USER_POOL_ID: 'us-east-1_bench',
    USER_POOL_CLIENT_ID: 'bench',
  };
  const script = `const t=process.hrtime.bigint();import(${JSON.stringify(file)}).then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  const samples = Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['-e', script], { env, cwd: repoRoot() }).toString()));
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
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
  return { handler, bundleKb: Math.round(bytes / 1024), handlerMs: importMs(bundle), baselineMs: importMs(baseline) };
}
