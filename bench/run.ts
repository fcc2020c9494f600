import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { keys } from '../shared/db/keys';
import { rateWindow } from '../shared/domain/rate-limit';
import { freePort, repoRoot } from '../scripts/local/emulators';
import { startLocalStack } from '../scripts/local/stack';
import { COLD_RUNS, measureColdStarts } from './cold-start';
import { dashboardFirstLoad, dashboardSizeTable } from './dashboard-size';
import { functionDurations } from './function-durations';
import { interleave, type Case } from './interleave';

/**
 * `npm run bench`: each request path against a baseline that does the same
 * work bare — the same sequence of DynamoDB calls the path makes, through a
 * plain SDK client, with no HTTP, authorizer or middleware — measured in the
 * same run, interleaved, on warmed-up emulators, every response's status
 * checked. The team limit is raised so the bench measures the path, not 429s.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP ?? 200);

async function must(res: Response, status: number) {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return res.json() as Promise<any>;
}

const logDir = path.join(os.tmpdir(), `refonte-bench-${Date.now()}`);
const stack = await startLocalStack({
  ports: { dynamodb: await freePort(), aws: await freePort(), api: await freePort() },
  logDir,
  prefix: 'refonte-bench',
  teamRateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
});
// The task path's bare baseline builds its transaction with the product's step builders, which read the table name at load.
Object.assign(process.env, stack.env);
const { taskPathCases, taskPathRatios } = await import('./task-path');
const { benchCallbackSender, completedTasks, senderTable } = await import('./callback-sender');
/** A bare HTTP server on the same loopback that does `work` for each request and answers JSON: no authorizer, no middleware. */
async function bareServer(work: () => Promise<void> = async () => {}) {
  const server = createServer((_, res) => {
    work().then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
      () => res.writeHead(500).end(),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
// What any HTTP round trip costs here.
const bare = await bareServer();
const servers = [bare];
try {
  const { api_url: api, mailbox_url: mailbox, table_name: TableName } = stack.outputs;
  const json = { 'content-type': 'application/json' };
  const email = `bench-${Date.now()}@example.com`;
  const password = 'Bench!Passw0rd-1';
  const signup = await must(
    await fetch(`${api}/v1/signup`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, name: 'Bench', company: 'B', team_name: 'Bench' }) }),
    201,
  );
  const mails = (await (await fetch(mailbox)).json()) as { emails: { to: string[]; text: string }[] };
  const token = /token=([\w-]+)/.exec(mails.emails.filter((m) => m.to.includes(email)).at(-1)!.text)![1];
  await must(await fetch(`${api}/v1/signup/verify`, { method: 'POST', headers: json, body: JSON.stringify({ token }) }), 200);
  const tokens = await must(await fetch(`${api}/v1/auth/token`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) }), 200);
  const auth = { authorization: `Bearer ${tokens.access_token}` };
  const userId: string = signup.user.id;
  const teamId: string = signup.team.id;

  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: stack.outputs.dynamodb_endpoint, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } }),
  );
  const get = async (Key: Record<string, string>, ConsistentRead: boolean) => {
    const { Item } = await ddb.send(new GetCommand({ TableName, Key, ConsistentRead }));
    if (!Item) throw new Error('baseline read found nothing');
  };
  const count = () => {
    const window = rateWindow(Date.now());
    return ddb.send(
      new UpdateCommand({
        TableName,
        // A key of its own, so the baseline's counter never shares the path's item.
        Key: keys.rateWindow(`bench-${teamId}`, window.start),
        UpdateExpression: 'ADD #total :one, #slot :one SET expires_at_epoch = :ttl',
        ExpressionAttributeNames: { '#total': 'total', '#slot': `s${window.slot}` },
        ExpressionAttributeValues: { ':one': 1, ':ttl': window.start + 70 },
      }),
    );
  };
  /** What GET /v1/me and /v1/team do in DynamoDB: the membership read, then the counter beside the read. */
  const sameCallsBare = async () => {
    await get(keys.user(userId), true);
    await Promise.all([count(), get(keys.team(teamId), false)]);
  };

  // The API-key path beside the JWT path, on a route keys may call: one live task, read by both.
  const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
  const apiKey: string = (
    await must(await fetch(`${api}/v1/api-keys`, { method: 'POST', headers: bearer(tokens.access_token), body: JSON.stringify({ environment: 'live', name: 'bench' }) }), 201)
  ).key;
  const keyAuth = { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` };
  const task = await must(
    await fetch(`${api}/v1/tasks`, { method: 'POST', headers: bearer(tokens.access_token), body: JSON.stringify({ type: 'categorization', params: { text: 'bench' } }) }),
    201,
  );
  /** What GET /v1/tasks/{id} does with a JWT: the membership read, then the counter beside the task read. */
  const taskCallsWithJwt = async () => {
    await get(keys.user(userId), true);
    await Promise.all([count(), get(keys.task(task.id), false)]);
  };
  /** …and with an API key (the authorizer's key lookup is cached, as on AWS): no membership to read. */
  const taskCallsWithKey = async () => {
    await Promise.all([count(), get(keys.task(task.id), false)]);
  };
  /** Each path's request ids, in order: its REPORT lines tell how long the function itself took. */
  const requestIds = new Map<string, string[]>();
  const http = (url: string, headers: Record<string, string> = {}, name?: string) => async () => {
    const res = await fetch(url, { headers });
    await must(res, 200);
    if (name) (requestIds.get(name) ?? requestIds.set(name, []).get(name)!).push(res.headers.get('x-request-id')!);
  };
  const taskPath = taskPathCases({
    api,
    headers: auth,
    ddb,
    userId,
    teamId,
    readMember: () => get(keys.user(userId), true),
    count,
    readTask: (id) => get(keys.task(id), false),
    must,
  });
  // The same calls behind a bare HTTP server: the work a request path cannot avoid (an HTTP hop and its DynamoDB calls).
  const sameCallsOverHttp = await bareServer(sameCallsBare);
  servers.push(sameCallsOverHttp);

  const cases: Case[] = [
    { name: 'bare: loopback HTTP round trip', run: http(bare.url) },
    { name: 'GET /v1/health', run: http(`${api}/v1/health`) },
    { name: 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(team)]', run: sameCallsBare },
    { name: 'bare: HTTP server making those calls', run: http(sameCallsOverHttp.url) },
    { name: 'GET /v1/me', run: http(`${api}/v1/me`, auth, 'GET /v1/me') },
    { name: 'GET /v1/team', run: http(`${api}/v1/team`, auth, 'GET /v1/team') },
    { name: 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(task)]', run: taskCallsWithJwt },
    { name: 'GET /v1/tasks/{id}, JWT', run: http(`${api}/v1/tasks/${task.id}`, auth, 'GET /v1/tasks/{id}, JWT') },
    { name: 'bare: [UpdateItem(counter) ‖ GetItem(task)]', run: taskCallsWithKey },
    { name: 'GET /v1/tasks/{id}, API key', run: http(`${api}/v1/tasks/${task.id}`, keyAuth, 'GET /v1/tasks/{id}, API key') },
    ...taskPath,
  ];
  const stats = await interleave(cases, ROUNDS, WARMUP_ROUNDS);
  const by = (name: string) => stats.find((s) => s.name === name)!;
  const ratio = (path: string, baseline: string) => (by(path).p50 / by(baseline).p50).toFixed(2);
  const durations = await functionDurations(path.join(logDir, 'dev-server.log'), requestIds, ROUNDS);
  const durationRatio = (p: string, baseline: string) => (durations.get(p)! / by(baseline).p50).toFixed(2);
  const sender = await benchCallbackSender(
    { functionConfig: stack.functionConfig, taskIds: await completedTasks(api, bearer(tokens.access_token), stack.outputs.support_token), teamId, callbackQueueUrl: stack.env.CALLBACK_QUEUE_URL! },
    [0, 20, 50],
  );
  const cold = await measureColdStarts();
  const slowest = cold.reduce((a, b) => (b.bundledMs / b.baselineMs > a.bundledMs / a.baselineMs ? b : a));

  const table = [
    `# Bench ${new Date().toISOString()}`,
    '',
    `${ROUNDS} interleaved rounds (after ${WARMUP_ROUNDS} warm-up rounds)${ROUNDS < 1000 ? ' — REDUCED from the default 1000 (BENCH_ROUNDS), so fewer samples per path' : ''}; every response's status checked; team limit raised;`,
    `machine load when the bench started (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}.`,
    `local stack (dev server, DynamoDB Local, moto) on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}.`,
    '',
    '| case | samples | p50 ms | p95 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    ...stats.map((s) => `| ${s.name} | ${s.samples} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.p99.toFixed(2)} |`),
    '',
    '| path | against (same run) | p50 ratio |',
    '|---|---|---:|',
    `| GET /v1/health | bare loopback HTTP round trip | ${ratio('GET /v1/health', 'bare: loopback HTTP round trip')}× |`,
    `| GET /v1/me | the same DynamoDB calls, bare | ${ratio('GET /v1/me', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(team)]')}× |`,
    `| GET /v1/team | the same DynamoDB calls, bare | ${ratio('GET /v1/team', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(team)]')}× |`,
    `| GET /v1/tasks/{id}, JWT | the same DynamoDB calls, bare | ${ratio('GET /v1/tasks/{id}, JWT', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(task)]')}× |`,
    `| GET /v1/tasks/{id}, API key | the same DynamoDB calls, bare | ${ratio('GET /v1/tasks/{id}, API key', 'bare: [UpdateItem(counter) ‖ GetItem(task)]')}× |`,
    `| GET /v1/tasks/{id}, API key | the same route with a JWT | ${ratio('GET /v1/tasks/{id}, API key', 'GET /v1/tasks/{id}, JWT')}× |`,
    ...taskPathRatios(ratio),
    `| GET /v1/me | a bare HTTP server making the same calls | ${ratio('GET /v1/me', 'bare: HTTP server making those calls')}× |`,
    `| GET /v1/team | a bare HTTP server making the same calls | ${ratio('GET /v1/team', 'bare: HTTP server making those calls')}× |`,
    '',
    "The function's own part: its Duration as Lambda would report it (the dev server's REPORT line per invocation:",
    'the handler, its middleware and its DynamoDB calls, without the HTTP and gateway hops), p50 of the same',
    "measured requests, against the same calls bare. This is the product's overhead; the rest is the local stack's.",
    '',
    '| function, on the path | Duration p50 ms | against (same run) | p50 ratio |',
    '|---|---:|---|---:|',
    `| getMe, GET /v1/me | ${durations.get('GET /v1/me')!.toFixed(2)} | the same DynamoDB calls, bare | ${durationRatio('GET /v1/me', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(team)]')}× |`,
    `| getTeam, GET /v1/team | ${durations.get('GET /v1/team')!.toFixed(2)} | the same DynamoDB calls, bare | ${durationRatio('GET /v1/team', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(team)]')}× |`,
    `| getTask, JWT | ${durations.get('GET /v1/tasks/{id}, JWT')!.toFixed(2)} | the same DynamoDB calls, bare | ${durationRatio('GET /v1/tasks/{id}, JWT', 'bare: GetItem(user) → [UpdateItem(counter) ‖ GetItem(task)]')}× |`,
    `| getTask, API key | ${durations.get('GET /v1/tasks/{id}, API key')!.toFixed(2)} | the same DynamoDB calls, bare | ${durationRatio('GET /v1/tasks/{id}, API key', 'bare: [UpdateItem(counter) ‖ GetItem(task)]')}× |`,
    '',
    'The paths add to the bare calls: one HTTP round trip to the dev server, its hop to the',
    "function's worker thread, the authorizer (JWT verification, in its own worker) and the",
    'middy chain. Against the bare HTTP server making the same calls, only the last three remain:',
    'the overhead the product adds on top of work any implementation must do.',
    '',
    ...senderTable(sender),
    `## Cold start: every function (module import in a fresh Node process, median of ${COLD_RUNS}, interleaved with the baseline)`,
    '',
    'Baseline: a bundle that only builds a DynamoDB document client, with the SDK from node_modules (as the',
    'runtime provides it). "as deployed" is the bundle the CDK builds (SDK bundled in); "SDK external" leaves',
    "the SDK to the runtime. Own code: the deployed bundle's bytes that are not the AWS SDK (its packages and",
    'those only they import, bench/own-code.ts) — all of it, and what a cold start loads (the rest are chunks',
    'imported on first use: the storage providers, the PDF library).',
    '',
    '| function | own code | loaded at init | as deployed ms | ratio | SDK external ms | ratio | baseline ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...cold.map(
      (c) =>
        `| ${c.id} | ${c.ownKb} KB | ${c.ownAtInitKb} KB | ${c.bundledMs.toFixed(0)} | ${(c.bundledMs / c.baselineMs).toFixed(2)}× | ${c.externalMs.toFixed(0)} | ${(c.externalMs / c.baselineMs).toFixed(2)}× | ${c.baselineMs.toFixed(0)} |`,
    ),
    '',
    `Slowest as deployed: ${slowest.id}, ${(slowest.bundledMs / slowest.baselineMs).toFixed(2)}× the baseline.`,
    '',
    // The local stack built web/dist when it started.
    ...dashboardSizeTable(dashboardFirstLoad()),
  ].join('\n');
  const dir = path.join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(file, table);
  process.stdout.write(`${table}\nWritten to ${path.relative(process.cwd(), file)}\n`);
  ddb.destroy();
} finally {
  for (const server of servers) server.close();
  await stack.stop();
}
