/**
 * Local AWS emulators for the local stack (`npm start`) and the integration tests.
 *
 *  - DynamoDB Local 1.25.1 (Java). There is no Docker and no Maven/S3 access here, so the jar is
 *    taken from the npm package `amplify-dynamodb-simulator@2.9.30`, which ships it under
 *    `package/emulator/`. We only `npm pack` the tarball (never install the package) and cache the
 *    extracted folder in `<repo>/.cache/dynamodb-local/` (git-ignored).
 *  - moto server 5.x (Python, `pip install 'moto[server]'`) for the other AWS services (SQS, SES, …).
 *
 * Both are spawned directly (no shell) so the PID we hold is the emulator's own PID and `stop()`
 * really stops it. Their output never reaches our stdout/stderr: it goes to `logFile` when given,
 * otherwise only the last lines are kept in memory to explain a failed start.
 *
 * Usage:
 *   const port = await freePort();
 *   const ddb = await startDynamoDbLocal({ port, logFile: '.local/dynamodb.log' });
 *   // ... use ddb.endpoint ...
 *   await ddb.stop();
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { accessSync, constants as fsConstants, existsSync, openSync, closeSync, readFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const execFileAsync = promisify(execFile);

/** A started emulator. `stop()` resolves once the process has exited (idempotent). */
export interface RunningService {
  name: string;
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** npm package that ships the DynamoDB Local jar (1.25.1) under `package/emulator/`. */
const DDB_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const DDB_JAR = 'DynamoDBLocal.jar';

/** How long an emulator may take to answer its readiness probe (measured: ~2 s DynamoDB, ~1 s moto). */
const READY_TIMEOUT_MS = 60_000;
/** Delay between readiness probes. */
const POLL_INTERVAL_MS = 100;
/** Grace period between SIGTERM and SIGKILL in `stop()`. */
const STOP_GRACE_MS = 5_000;
/** Lines of emulator output quoted in the error when it dies before being ready. */
const TAIL_LINES = 20;

/** Repository root: this file lives in `<root>/scripts/local/`. */
export function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Ask the OS for a free loopback TCP port (bind 127.0.0.1:0, read the port, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

/**
 * Make sure DynamoDB Local is unpacked in `cacheDir` (default `<repo>/.cache/dynamodb-local`) and
 * return the emulator directory (the one holding DynamoDBLocal.jar and DynamoDBLocal_lib/).
 *
 * Downloads ~56 MB once (~4-6 s). Safe with concurrent callers: each one works in its own temp dir
 * inside `cacheDir` and publishes the result with a single atomic `rename`; the loser of the race
 * simply discards its copy.
 */
export async function ensureDynamoDbLocal(cacheDir: string = path.join(repoRoot(), '.cache', 'dynamodb-local')): Promise<string> {
  const emulatorDir = path.join(cacheDir, 'package', 'emulator');
  if (existsSync(path.join(emulatorDir, DDB_JAR))) return emulatorDir;

  mkdirSync(cacheDir, { recursive: true });
  // Same filesystem as the final location, so the rename below is atomic.
  const tmp = await mkdtemp(path.join(cacheDir, 'tmp-'));
  try {
    // `npm pack <spec>` downloads the published tarball without installing anything.
    await run('npm', ['pack', DDB_PACKAGE, '--pack-destination', tmp, '--silent'], tmp);
    const tgz = (await readdir(tmp)).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${DDB_PACKAGE} produced no tarball in ${tmp}`);
    // Extract only the emulator folder (the rest of the package is a Node wrapper we don't need).
    await run('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, 'package/emulator'], tmp);
    await unlink(path.join(tmp, tgz));
    if (!existsSync(path.join(tmp, 'package', 'emulator', DDB_JAR))) {
      throw new Error(`${DDB_PACKAGE} does not contain package/emulator/${DDB_JAR}`);
    }
    try {
      await rename(path.join(tmp, 'package'), path.join(cacheDir, 'package'));
    } catch (err) {
      // Another process published first (rename onto a non-empty dir fails): use theirs.
      if (!existsSync(path.join(emulatorDir, DDB_JAR))) {
        throw new Error(`cannot install DynamoDB Local into ${cacheDir} (${(err as Error).message}); delete that folder and retry`, { cause: err });
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return emulatorDir;
}

/**
 * Start DynamoDB Local on `port` (all interfaces; use 127.0.0.1 to reach it), in memory or, with
 * `dbPath`, in a file there (`shared-local-instance.db`) that outlives the process.
 * `-sharedDb` makes every access key / region see the same database, which is what tests expect.
 * Downloads the emulator first if needed.
 */
export async function startDynamoDbLocal(opts: { port: number; logFile?: string; dbPath?: string }): Promise<RunningService> {
  const java = requireOnPath('java', 'java not found: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)');
  const dir = await ensureDynamoDbLocal();
  const endpoint = `http://127.0.0.1:${opts.port}`;
  if (opts.dbPath) mkdirSync(opts.dbPath, { recursive: true });
  return startService({
    name: 'dynamodb-local',
    command: java,
    args: [
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar', path.join(dir, DDB_JAR),
      ...(opts.dbPath ? ['-dbPath', opts.dbPath] : ['-inMemory']),
      '-sharedDb', '-port', String(opts.port), '-disableTelemetry',
    ],
    cwd: dir,
    port: opts.port,
    endpoint,
    logFile: opts.logFile,
    // Any signed-looking request is accepted (signatures are not checked), but an
    // Authorization header is required: without it the answer is 400 MissingAuthenticationToken.
    isReady: async () => {
      const res = await fetch(`${endpoint}/`, {
        method: 'POST',
        headers: {
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          'content-type': 'application/x-amz-json-1.0',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
        },
        body: '{}',
        signal: AbortSignal.timeout(2_000),
      });
      await res.arrayBuffer();
      return res.status === 200;
    },
  });
}

/** Start moto server (all moto-supported services on one endpoint) on 127.0.0.1:`port`. */
export async function startMoto(opts: { port: number; logFile?: string }): Promise<RunningService> {
  // With pyenv this is a shim script, but it `exec`s down to python, so the PID stays the server's.
  const moto = requireOnPath('moto_server', "moto_server not found: pip install 'moto[server]'");
  const endpoint = `http://127.0.0.1:${opts.port}`;
  return startService({
    name: 'moto',
    command: moto,
    args: ['-H', '127.0.0.1', '-p', String(opts.port)],
    cwd: repoRoot(),
    port: opts.port,
    endpoint,
    logFile: opts.logFile,
    isReady: async () => {
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === 200;
    },
  });
}

/**
 * Start azurite's blob service (the npm package `azurite`, a devDependency) on 127.0.0.1:`port`:
 * in memory, no telemetry (without `--disableTelemetry` it ignores SIGTERM), and accepting the
 * newer API versions today's `@azure/storage-blob` sends.
 */
export async function startAzurite(opts: { port: number; logFile?: string }): Promise<RunningService> {
  const endpoint = `http://127.0.0.1:${opts.port}`;
  return startService({
    name: 'azurite',
    command: process.execPath,
    args: [
      path.join(repoRoot(), 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js'),
      ...['--blobHost', '127.0.0.1', '--blobPort', String(opts.port), '--extentMemoryLimit', '64'],
      ...['--inMemoryPersistence', '--disableTelemetry', '--silent', '--skipApiVersionCheck'],
    ],
    cwd: repoRoot(),
    port: opts.port,
    endpoint,
    logFile: opts.logFile,
    isReady: async () => {
      const res = await fetch(`${endpoint}/devstoreaccount1?comp=list`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status > 0;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  port: number;
  endpoint: string;
  logFile?: string;
  isReady(): Promise<boolean>;
}

/** Children still running; SIGKILLed if this Node process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last-resort safety net ('exit' handlers must be synchronous; kill() is). Ctrl-C in a terminal
    // reaches the children anyway since they share our process group.
    process.on('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Find `cmd` on PATH (executable regular file); throw `message` if absent. Returns its full path. */
function requireOnPath(cmd: string, message: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(message);
}

/**
 * Checks every port before anything starts, and names all the busy ones at once:
 * `{ PORT: 3000 }` → "port 3000 (PORT) is already in use". Resolves when all are free.
 */
export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  const busy: Array<[string, number]> = [];
  for (const [name, port] of Object.entries(ports)) {
    await assertPortFree(port, name).catch(() => busy.push([name, port]));
  }
  if (busy.length) {
    throw new Error(
      `${busy.map(([n, p]) => `port ${p} (${n})`).join(', ')} already in use: ` +
        `free it or pick another, e.g. ${busy.map(([n, p]) => `${n}=${p + 10}`).join(' ')} npm start`,
    );
  }
}

/** Fail fast if something already listens on the port (else the probe could hit *that* server). */
async function assertPortFree(port: number, name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `${name}: port ${port} is already in use` : `${name}: cannot use port ${port}: ${err.message}`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

async function run(cmd: string, args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync(cmd, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr || e.message).trim()}`, { cause: err });
  }
}

function lastLines(text: string, n = TAIL_LINES): string {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-n).join('\n');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Spawn the emulator, wait until `isReady()` says yes, and wrap it as a RunningService. */
async function startService(spec: ServiceSpec): Promise<RunningService> {
  await assertPortFree(spec.port, spec.name);

  // Output: to the log file (fd handed to the child, appended) or kept as an in-memory tail.
  let memoryTail = '';
  let stdio: ['ignore', number | 'pipe', number | 'pipe'];
  let fd: number | undefined;
  if (spec.logFile) {
    mkdirSync(path.dirname(path.resolve(spec.logFile)), { recursive: true });
    fd = openSync(spec.logFile, 'a');
    stdio = ['ignore', fd, fd];
  } else {
    stdio = ['ignore', 'pipe', 'pipe'];
  }

  const started = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, { cwd: spec.cwd, stdio, env: process.env });
  } finally {
    if (fd !== undefined) closeSync(fd); // the child holds its own copy
  }
  const onData = (chunk: Buffer) => {
    memoryTail = (memoryTail + chunk.toString('utf8')).slice(-16_384); // bounded: keep only the end
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const logTail = () => {
    if (!spec.logFile) return memoryTail;
    try {
      return readFileSync(spec.logFile, 'utf8');
    } catch {
      return '';
    }
  };

  // Resolves when the process is gone (also covers spawn errors such as ENOENT/EACCES).
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.on('error', (err) => {
      exitInfo ??= err.message;
      if (child.pid === undefined) resolve(); // never started: no 'exit' will follow
    });
  });
  if (child.pid !== undefined) track(child);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (exitInfo !== undefined || child.pid === undefined) return exited;
      child.kill('SIGTERM');
      const timer = sleep(STOP_GRACE_MS).then(() => 'timeout' as const);
      if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    })());

  // Poll until ready, the process dies, or we give up.
  for (;;) {
    if (exitInfo !== undefined) {
      const tail = lastLines(logTail());
      throw new Error(
        `${spec.name} exited before becoming ready (${exitInfo})` +
          (spec.logFile ? `; log: ${spec.logFile}` : '') +
          (tail ? `\n${tail}` : ''),
      );
    }
    if (Date.now() - started > READY_TIMEOUT_MS) {
      await stop();
      throw new Error(`${spec.name} not ready on ${spec.endpoint} after ${READY_TIMEOUT_MS} ms\n${lastLines(logTail())}`);
    }
    let ready = false;
    try {
      ready = await spec.isReady();
    } catch {
      // connection refused / reset while booting
    }
    if (ready && exitInfo === undefined) break;
    await Promise.race([sleep(POLL_INTERVAL_MS), exited]);
  }

  return { name: spec.name, endpoint: spec.endpoint, port: spec.port, pid: child.pid!, stop };
}
