import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertPortsFree, repoRoot } from './emulators';
import { localFiles, releaseStackLock, runningStack, takeStackLock } from './stack-lock';
import { startLocalStack } from './stack';
import { runAllMigrations } from '../migrate/migrations';

/** The started stack's last line when it runs in the background (the detaching parent waits for it). */
const DETACHED_LAST_LINE = 'Running in the background: npm stop stops everything.';

/**
 * `npm start`: the local stack on fixed ports (override with PORT,
 * DYNAMODB_PORT, AWS_PORT), `.local/outputs.json`, one line per request on
 * the terminal, then wait for Ctrl-C, SIGTERM or `npm stop` and stop every
 * child by its own PID. One stack per checkout: `.local/stack.pid` says
 * which process runs it.
 */
const USAGE = `usage: npm start [-- --detach] [-- --quiet] [-- --persist]
  --detach    start in the background and return once it is up (stop it with npm stop)
  --quiet     no line per request on the terminal (they stay in .local/logs/dev-server.log)
  --persist   keep DynamoDB's data in .local/dynamodb/ across restarts (moto's — Cognito users,
              emails, queues — is in memory regardless, so accounts cannot sign in after a restart)
ports: PORT (API, default 3000), DYNAMODB_PORT (8000), AWS_PORT (moto, 5055), AZURITE_PORT (10000)`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let args: { detach?: boolean; quiet?: boolean; persist?: boolean; help?: boolean };
try {
  args = parseArgs({
    options: {
      detach: { type: 'boolean' },
      quiet: { type: 'boolean' },
      persist: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  process.stderr.write(`npm start: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const files = localFiles(repoRoot());
mkdirSync(files.logDir, { recursive: true });

function refuseIfRunning(): void {
  const running = runningStack(files);
  if (running) {
    process.stderr.write(
      `npm start: a local stack already runs from this checkout (pid ${running.pid}${running.apiUrl ? `, ${running.apiUrl}` : ''}): ` +
        'use it, or stop it first with npm stop\n',
    );
    process.exit(1);
  }
}

if (args.detach) {
  // Run this same script in the background, its output to a log, and return once it says it is up.
  refuseIfRunning();
  const startLog = path.join(files.logDir, 'start.log');
  const out = openSync(startLog, 'w');
  const childArgs = process.argv.slice(2).filter((a) => a !== '--detach');
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, ...childArgs, '--quiet'], {
    cwd: repoRoot(),
    detached: true,
    stdio: ['ignore', out, out],
    // The stack says how it is stopped; in the background that is npm stop, not Ctrl-C.
    env: { ...process.env, REFONTE_DETACHED: '1' },
  });
  child.unref();
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  for (;;) {
    const text = readFileSync(startLog, 'utf8');
    if (text.includes(DETACHED_LAST_LINE)) {
      process.stdout.write(text.replace(DETACHED_LAST_LINE, `${DETACHED_LAST_LINE} (pid ${child.pid}; its output: ${path.relative(process.cwd(), startLog)})`));
      process.exit(0);
    }
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
    if (code !== null) {
      process.stderr.write(readFileSync(startLog, 'utf8'));
      process.exit(code || 1);
    }
  }
}

refuseIfRunning();
if (!takeStackLock(files)) refuseIfRunning();

const ports = {
  PORT: Number(process.env.PORT ?? 3000),
  DYNAMODB_PORT: Number(process.env.DYNAMODB_PORT ?? 8000),
  AWS_PORT: Number(process.env.AWS_PORT ?? 5055),
  AZURITE_PORT: Number(process.env.AZURITE_PORT ?? 10000),
};
const clock = () => new Date().toISOString().slice(11, 19);

let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
let migrated: string[] = [];
try {
  await assertPortsFree(ports);
  stack = await startLocalStack({
    ports: { dynamodb: ports.DYNAMODB_PORT, aws: ports.AWS_PORT, api: ports.PORT, azureBlob: ports.AZURITE_PORT },
    logDir: files.logDir,
    dynamodbDataDir: args.persist ? files.dynamodbDataDir : undefined,
    onRequest: args.quiet ? undefined : (line) => process.stdout.write(`${clock()} ${line}\n`),
  });
  // Data kept with --persist may predate a migration; on fresh data each is a quick no-op.
  Object.assign(process.env, stack.env);
  migrated = await runAllMigrations();
} catch (error) {
  await stack?.stop();
  releaseStackLock(files);
  process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
  process.exit(1);
}

writeFileSync(files.outputs, `${JSON.stringify(stack.outputs, null, 2)}\n`);
const o = stack.outputs;
const rel = (p: string) => path.relative(process.cwd(), p) || '.';
process.stdout.write(
  [
    'Refonte Accounts local stack is up.',
    `  Dashboard    ${o.dashboard_url}`,
    `  API          ${o.api_url}   (try ${o.api_url}/v1/health)`,
    `  API docs     ${o.api_url}/docs   (document: ${o.api_url}/v1/openapi.json)`,
    `  Mailbox      ${o.mailbox_url}`,
    `  DynamoDB     ${o.dynamodb_endpoint}   ${args.persist ? `(data kept in ${rel(files.dynamodbDataDir)}/)` : '(in memory: gone on restart)'}`,
    `  AWS (moto)   ${o.aws_endpoint}   (in memory: gone on restart)`,
    `  Outputs      ${rel(files.outputs)} (support_token is there)`,
    `  Logs         ${rel(files.logDir)}/`,
    ...migrated.map((line) => `  Migrated     ${line}`),
    args.quiet ? '' : 'Requests (method, path, status, time, request id) follow; --quiet hides them.',
    process.env.REFONTE_DETACHED ? DETACHED_LAST_LINE : 'Ctrl-C stops everything.',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the local stack…\n');
    void stack.stop().then(() => {
      rmSync(files.outputs, { force: true });
      releaseStackLock(files);
      process.exit(0);
    });
  });
}
