import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { secretsPrefix } from '../../infra/definitions/function-environment';
import { repoRoot } from '../local/emulators';
import { LOCAL_STAGE } from '../local/function-env';
import type { LocalOutputs } from '../local/stack';
import { isMigrationName, MIGRATIONS } from './migrations';
import { usageFailure } from '../cli-usage';

/**
 * `npm run migrate -- <name> [options]`: runs one idempotent data migration.
 *
 *   npm run migrate -- callback-auth-keys                       # the local stack (npm start runs it too)
 *   npm run migrate -- callback-auth-keys --stage prod --table <TableName output> [--region eu-west-1]
 *
 * Against a deployed stage it uses your own AWS credentials (the standard
 * provider chain), which need Scan on the table and CreateSecret/TagResource
 * on `refonte/<stage>/callback-auth-keys/*`.
 */
const USAGE = `usage: npm run migrate -- <${Object.keys(MIGRATIONS).join('|')}> [options]
  --stage <stage>     a deployed stage (default: the local stack, from .local/outputs.json)
  --table <name>      the stage's TableName stack output (required with --stage)
  --region <region>   default: AWS_REGION or us-east-1
  --outputs <file>    local stack outputs (default: .local/outputs.json)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    stage: { type: 'string' },
    table: { type: 'string' },
    region: { type: 'string' },
    outputs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const fail: (message: string) => never = usageFailure(USAGE);

const [name] = positionals;
if (values.help) fail('Runs a one-off, idempotent data migration.');
if (!name || !isMigrationName(name) || positionals.length > 1) fail(`Unknown migration "${positionals.join(' ')}".`);

const common = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' };
if (values.stage) {
  if (!values.table) fail('--table is required with --stage (the stack output TableName).');
  Object.assign(process.env, common, {
    AWS_REGION: values.region ?? process.env.AWS_REGION ?? 'us-east-1',
    TABLE_NAME: values.table,
    SECRETS_PREFIX: secretsPrefix(values.stage),
  });
} else {
  let outputs: LocalOutputs;
  try {
    outputs = JSON.parse(readFileSync(values.outputs ?? path.join(repoRoot(), '.local', 'outputs.json'), 'utf8')) as LocalOutputs;
  } catch {
    fail('No local stack outputs (.local/outputs.json): run npm start first, or name a deployed --stage.');
  }
  Object.assign(process.env, common, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL: outputs.aws_endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: outputs.dynamodb_endpoint,
    TABLE_NAME: outputs.table_name,
    SECRETS_PREFIX: secretsPrefix(LOCAL_STAGE),
  });
}

try {
  process.stdout.write(`${name}: ${await MIGRATIONS[name]()}\n`);
} catch (error) {
  process.stderr.write(`migrate ${name} failed: ${(error as Error).message}\n`);
  process.exit(1);
}
