import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '../scripts/local/emulators';
import { startLocalStack } from '../scripts/local/stack';
import { measureColdStart } from './cold-start';

/**
 * `npm run bench`: our request path against baselines measured in the same
 * run on the same machine (these machines are noisy, so ratios, not lone
 * timings, are what to compare across runs). Sequential requests, after a
 * warm-up, against the local stack.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 30;

async function measure(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { name, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

async function must(res: Response, status: number) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return res.json() as Promise<any>;
}

const logDir = path.join(os.tmpdir(), `refonte-bench-${Date.now()}`);
const stack = await startLocalStack({
  ports: { dynamodb: await freePort(), aws: await freePort(), api: await freePort() },
  logDir,
  prefix: 'refonte-bench',
});
try {
  const { api_url: api, mailbox_url: mailbox } = stack.outputs;
  const json = { 'content-type': 'application/json' };
  const email = `bench-${Date.now()}@example.com`;
  const password = 'Bench!Passw0rd-1';
  const signup = await must(
    await fetch(`${api}/v1/signup`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password, name: 'Bench', company: 'B', team_name: 'Bench' }),
    }),
    201,
  );
  const mails = (await (await fetch(mailbox)).json()) as { emails: { to: string[]; text: string }[] };
  const token = /token=([\w-]+)/.exec(mails.emails.filter((m) => m.to.includes(email)).at(-1)!.text)![1];
  await must(await fetch(`${api}/v1/signup/verify`, { method: 'POST', headers: json, body: JSON.stringify({ token }) }), 200);
  const tokens = await must(
    await fetch(`${api}/v1/auth/token`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) }),
    200,
  );
  const auth = { authorization: `Bearer ${tokens.access_token}` };

  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.outputs.dynamodb_endpoint, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }),
  );
  const key = { PK: `USER#${signup.user.id}`, SK: 'USER' };

  const rows = [
    await measure('bare DynamoDB GetItem (baseline)', () => ddb.send(new GetCommand({ TableName: stack.outputs.table_name, Key: key, ConsistentRead: true }))),
    await measure('GET /v1/health (HTTP + handler, no auth, no I/O)', () => fetch(`${api}/v1/health`).then((r) => r.text())),
    await measure('GET /v1/me (JWT verify + membership GetItem + team rate counter + team GetItem)', () => fetch(`${api}/v1/me`, { headers: auth }).then((r) => r.text())),
    await measure('GET /v1/team (JWT verify + membership + permission + team rate counter + GetItem)', () => fetch(`${api}/v1/team`, { headers: auth }).then((r) => r.text())),
  ];
  const base = rows[0]!.p50;
  const cold = [await measureColdStart('accounts/get-me'), await measureColdStart('invitations/accept-invitation')];
  const table = [
    `# Bench ${new Date().toISOString()}`,
    '',
    `${ITERATIONS} sequential requests each after ${WARMUP} warm-up, local stack on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}.`,
    'Ratios are p50 against the bare GetItem baseline measured in this same run.',
    '',
    '| path | p50 ms | p95 ms | p99 ms | p50 / baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.p50 / base).toFixed(2)}× |`),
    '',
    '## Cold start (module import in a fresh Node process, median of 7)',
    '',
    '| bundle | size | import ms | baseline: bare DynamoDB document client | ratio |',
    '|---|---:|---:|---:|---:|',
    ...cold.map((c) => `| functions/${c.handler} | ${c.bundleKb} KiB | ${c.handlerMs.toFixed(0)} | ${c.baselineMs.toFixed(0)} | ${(c.handlerMs / c.baselineMs).toFixed(2)}× |`),
    '',
  ].join('\n');
  const dir = path.join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(file, table);
  process.stdout.write(`${table}\nWritten to ${path.relative(process.cwd(), file)}\n`);
  ddb.destroy();
} finally {
  await stack.stop();
}
