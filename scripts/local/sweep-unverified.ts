import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './emulators';
import type { LocalOutputs } from './stack';

/**
 * `npm run sweep [-- --now <ISO time>]`: runs the sweep of
 * never-verified accounts against the running local stack (`npm start`),
 * the same use case the deployed schedule runs. `--now` moves its clock,
 * e.g. a week ahead to see this week's unverified sign-ups go.
 */
const outputs = JSON.parse(readFileSync(path.join(repoRoot(), '.local', 'outputs.json'), 'utf8')) as LocalOutputs;
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL: outputs.aws_endpoint,
  AWS_ENDPOINT_URL_DYNAMODB: outputs.dynamodb_endpoint,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: outputs.table_name,
  USER_POOL_ID: outputs.user_pool_id,
  USER_POOL_CLIENT_ID: outputs.user_pool_client_id,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
});

const nowFlag = process.argv.indexOf('--now');
const nowMs = nowFlag > 0 ? Date.parse(process.argv[nowFlag + 1] ?? '') : Date.now();
if (Number.isNaN(nowMs)) {
  process.stderr.write('--now takes an ISO time, e.g. --now 2030-01-08T00:00:00Z\n');
  process.exit(2);
}
// Imported only now: the modules read their configuration at load.
const { sweepUnverifiedAccounts } = await import('../../shared/use-cases/maintenance/sweep-unverified-accounts');
const { UNVERIFIED_ACCOUNT_LIFETIME_MS } = await import('../../shared/db/unverified-accounts');
const { deleted } = await sweepUnverifiedAccounts({ nowMs });
const cutoff = new Date(nowMs - UNVERIFIED_ACCOUNT_LIFETIME_MS).toISOString();
process.stdout.write(`Deleted ${deleted.length} never-verified account(s) signed up before ${cutoff}.\n`);
