import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../local/emulators';
import { usageFailure } from '../cli-usage';

/**
 * Support staff's CLI for the support surface.
 *
 *   npm run support -- find-user --email ada@example.com
 *   npm run support -- get-team --team team_…
 *   npm run support -- transfer-admin --team team_… --user user_… --reason "ticket 123: admin left"
 *   npm run support -- attach-user --team team_… --email bob@example.com --role member --reason "ticket 456"
 *
 * Against the local stack (default) it uses `.local/outputs.json`'s support
 * token. With `--api https://…/prod` (the stack's SupportApiUrl) it signs
 * each request with SigV4 using the caller's own AWS credentials (the
 * standard provider chain: env, profile, SSO, role), which the support
 * role must allow.
 */
const USAGE = `usage: npm run support -- <find-user|get-team|transfer-admin|attach-user> [options]
  --email <address>   find-user, attach-user
  --team <team_id>    get-team, transfer-admin, attach-user
  --user <user_id>    transfer-admin
  --role member|manager   attach-user (default member)
  --reason "<why>"    required for transfer-admin and attach-user (goes to the audit log)
  --api <url>         a deployed stage's SupportApiUrl (signs with your AWS credentials); default: the local stack
  --region <region>   for signing (default: AWS_REGION or us-east-1)
  --outputs <file>    local stack outputs (default: .local/outputs.json)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: 'string' },
    team: { type: 'string' },
    user: { type: 'string' },
    role: { type: 'string', default: 'member' },
    reason: { type: 'string' },
    api: { type: 'string' },
    region: { type: 'string' },
    outputs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const fail: (message: string) => never = usageFailure(USAGE);

/** A runtime failure: one line that says what to do, no stack trace. */
function die(message: string): never {
  process.stderr.write(`support: ${message}\n`);
  process.exit(1);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** One line for a request that got no answer (stack down, wrong host, …). */
function unreachable(url: URL, error: unknown, local: boolean): never {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as Error).message;
  if (local) {
    die(
      code === 'ECONNREFUSED'
        ? `the local stack at ${url.origin} is not running (connection refused): start it with npm start`
        : `cannot reach the local stack at ${url.origin} (${code}): is npm start running?`,
    );
  }
  die(`cannot reach ${url.origin} (${code}): check --api (the stage's SupportApiUrl output)`);
}

function need(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) fail(`--${name} is required for ${positionals[0]}`);
  return value;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

function plan(command: string | undefined): Call {
  switch (command) {
    case 'find-user':
      return { method: 'GET', path: '/support/users', query: { email: need('email') } };
    case 'get-team':
      return { method: 'GET', path: `/support/teams/${encodeURIComponent(need('team'))}` };
    case 'transfer-admin':
      return {
        method: 'POST',
        path: `/support/teams/${encodeURIComponent(need('team'))}/admin`,
        body: { user_id: need('user'), reason: need('reason') },
      };
    case 'attach-user':
      return {
        method: 'POST',
        path: `/support/teams/${encodeURIComponent(need('team'))}/members`,
        body: { email: need('email'), role: values.role, reason: need('reason') },
      };
    default:
      fail(command ? `unknown command ${command}` : 'a command is needed');
  }
}

async function send(call: Call): Promise<Response> {
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  if (!values.api) {
    const outputsFile = values.outputs ?? path.join(repoRoot(), '.local', 'outputs.json');
    let outputs: { api_url: string; support_token: string };
    try {
      outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
    } catch {
      die(`no local stack outputs at ${path.relative(process.cwd(), outputsFile)}: start the local stack with npm start, or pass --api <SupportApiUrl> for a deployed stage`);
    }
    const url = new URL(call.path, outputs.api_url);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    return fetch(url, {
      method: call.method,
      headers: { authorization: `Bearer ${outputs.support_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    }).catch((error: unknown) => unreachable(url, error, true));
  }

  let base: URL;
  try {
    base = new URL(values.api.endsWith('/') ? values.api : `${values.api}/`);
  } catch {
    die(`--api ${values.api} is not a URL: pass the stage's SupportApiUrl output (https://…)`);
  }
  if (LOOPBACK.has(base.hostname)) {
    die('--api is for a deployed stage (requests are SigV4-signed); for the local stack leave --api out: the CLI reads .local/outputs.json');
  }
  const url = new URL(call.path.replace(/^\//, ''), base);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  // SigV4 signs a plain request description; fetch then sends exactly that.
  const request = {
    method: call.method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  };
  const signer = new SignatureV4({
    service: 'execute-api',
    region: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
    credentials: defaultProvider(),
    sha256: Sha256,
  });
  let signed: Awaited<ReturnType<SignatureV4['sign']>>;
  try {
    signed = await signer.sign(request as Parameters<SignatureV4['sign']>[0]);
  } catch (error) {
    die(`cannot sign the request with your AWS credentials (${(error as Error).message.split('\n')[0]}): set AWS_PROFILE or sign in (aws sso login)`);
  }
  return fetch(url, { method: call.method, headers: signed.headers as Record<string, string>, body }).catch((error: unknown) =>
    unreachable(url, error, false),
  );
}

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const response = await send(plan(positionals[0]));
const text = await response.text();
let output = text;
try {
  output = JSON.stringify(JSON.parse(text), null, 2);
} catch {
  /* not JSON: print as is */
}
(response.ok ? process.stdout : process.stderr).write(`${output}\n`);
process.exit(response.ok ? 0 : 1);
