import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { newSecretToken } from '../../shared/domain/tokens';
import { bootstrapResources } from './bootstrap';
import { ensureDashboardBuilt } from './dashboard';
import { ensureDynamoDbLocal, freePort, repoRoot, startAzurite, startDynamoDbLocal, startMoto, type RunningService } from './emulators';
import { startGoogleStandIn } from './google-stand-in';
import { inProcessEnvironment, type LocalFunctionConfig } from './function-env';
import { requestLineOf } from './request-log';

/** `.local/outputs.json`: the local twin of `cdk deploy --outputs-file`. */
export interface LocalOutputs {
  api_url: string;
  /** The customer dashboard: the API origin's `/` (same origin, as behind CloudFront in AWS). */
  dashboard_url: string;
  support_token: string;
  mailbox_url: string;
  user_pool_id: string;
  user_pool_client_id: string;
  dynamodb_endpoint: string;
  aws_endpoint: string;
  table_name: string;
  queue_urls: Record<string, string>;
  /** The platform's AWS role customers' storage trusts (the IntegrationRoleArn output's twin). */
  integration_role_arn: string;
  /** azurite (Azure Blob Storage): its well-known account `devstoreaccount1` is at `<endpoint>/devstoreaccount1`. */
  azure_blob_endpoint: string;
  /** The Google stand-in (STS, IAM Credentials, Cloud Storage); trust and grants are arranged at `POST /_local/google/config`. */
  google_endpoint: string;
}

export interface LocalStack {
  outputs: LocalOutputs;
  /** Every function's variables together, for in-process integration tests. */
  env: Record<string, string>;
  /** What a dev server needs to run the functions on these emulators. */
  functionConfig: LocalFunctionConfig;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** `azureBlob` defaults to a free port (AZURITE_PORT for `npm start`). */
  ports: { dynamodb: number; aws: number; api: number; azureBlob?: number };
  /** Where the emulators' and dev server's logs go. */
  logDir: string;
  /** Prefix of resource names (table, pool, queues). */
  prefix?: string;
  /** Under test: every AWS call each function makes is appended to this file (JSON lines). */
  recordCallsTo?: string;
  /** Keep DynamoDB Local's data in this folder across restarts (default: in memory). moto stays in memory. */
  dynamodbDataDir?: string;
  /** Called with each request line the dev server logs (method, path, status, ms, request id). */
  onRequest?: (line: string) => void;
  /** The stage's per-team limit (default: the deployed default, 50/s with bursts of 100). */
  teamRateLimit?: { perSecond: number; burst: number };
  /** Compresses the callback retry schedule by this factor (the test harness: all 20 attempts in seconds). */
  callbackRetryScale?: number;
}

/** How the local stack hands the dev server its functions' configuration. */
export interface DevServerConfig extends LocalFunctionConfig {
  supportToken: string;
  recordCallsTo?: string;
}

/**
 * Starts the dev server as its own process (its real PID, so it can be
 * stopped) and waits for it. The process itself holds no function's
 * variables: it runs each function with its own (see function-host.ts).
 */
export async function startApiProcess(
  config: DevServerConfig,
  logFile: string,
  port: number,
  onRequest?: (line: string) => void,
): Promise<RunningService> {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot(), 'scripts/local/serve.ts')], {
    cwd: repoRoot(),
    env: { ...process.env, REFONTE_DEV_SERVER: JSON.stringify(config), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)));
  await new Promise<void>((resolve, reject) => {
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ready ')) resolve();
        const request = requestLineOf(line);
        if (request !== null) onRequest?.(request);
      }
    });
    child.once('exit', (code) => {
      const last = stderrTail.trim().split('\n').at(-1);
      reject(new Error(`dev server exited with code ${code}${last ? `: ${last}` : ''} (log: ${logFile})`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: 'dev-server',
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}

/**
 * The whole local stack: DynamoDB Local and moto, the resources in them
 * (from the CDK definitions), and the dev server. Everything started is
 * stopped by its own PID, in reverse order, even when a later step fails.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(opts.logDir, { recursive: true });
  const started: RunningService[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    // The dashboard is built (when web/dist is missing or stale) before anything starts, so a failed build leaves nothing running.
    await Promise.all([ensureDynamoDbLocal(), ensureDashboardBuilt()]);
    const [dynamodb, moto, azurite] = await Promise.all([
      startDynamoDbLocal({ port: opts.ports.dynamodb, logFile: path.join(opts.logDir, 'dynamodb.log'), dbPath: opts.dynamodbDataDir }),
      startMoto({ port: opts.ports.aws, logFile: path.join(opts.logDir, 'moto.log') }),
      startAzurite({ port: opts.ports.azureBlob ?? (await freePort()), logFile: path.join(opts.logDir, 'azurite.log') }),
    ]);
    started.push(dynamodb, moto, azurite);
    const google = await startGoogleStandIn({ awsEndpoint: moto.endpoint });
    started.push({ name: 'google-stand-in', endpoint: google.endpoint, port: 0, pid: process.pid, stop: google.stop });
    const apiUrl = `http://127.0.0.1:${opts.ports.api}`;
    const resources = await bootstrapResources({
      dynamodbEndpoint: dynamodb.endpoint,
      awsEndpoint: moto.endpoint,
      prefix: opts.prefix ?? 'refonte-local',
      emailFrom: 'no-reply@refonte.local',
    });
    const functionConfig = {
      resources,
      endpoints: { dynamodb: dynamodb.endpoint, aws: moto.endpoint, apiUrl, azureBlob: `${azurite.endpoint}/{account}`, google: google.endpoint },
      teamRateLimit: opts.teamRateLimit,
      callbackRetryScale: opts.callbackRetryScale,
    };
    const supportToken = newSecretToken();
    const api = await startApiProcess(
      { ...functionConfig, supportToken, recordCallsTo: opts.recordCallsTo },
      path.join(opts.logDir, 'dev-server.log'),
      opts.ports.api,
      opts.onRequest,
    );
    started.push(api);
    return {
      outputs: {
        api_url: apiUrl,
        dashboard_url: `${apiUrl}/`,
        support_token: supportToken,
        mailbox_url: `${apiUrl}/_local/mailbox`,
        user_pool_id: resources.userPoolId,
        user_pool_client_id: resources.userPoolClientId,
        dynamodb_endpoint: dynamodb.endpoint,
        aws_endpoint: moto.endpoint,
        table_name: resources.tableName,
        queue_urls: resources.queueUrls,
        integration_role_arn: resources.integrationRoleArn,
        azure_blob_endpoint: azurite.endpoint,
        google_endpoint: google.endpoint,
      },
      env: inProcessEnvironment(functionConfig),
      functionConfig,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
