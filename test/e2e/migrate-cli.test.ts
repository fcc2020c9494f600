import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/local/emulators';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { callbackAuthKeySecretName } from '../../shared/secrets/callback-auth-keys';
import { api, outputs, signUpVerified } from '../support/api';

const run = promisify(execFile);

/** `npm run migrate -- …` as an operator runs it, pointed at this test run's stack. */
async function migrate(...args: string[]) {
  const outputsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'migrate-')), 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(outputs()));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/migrate/cli.ts', ...args, '--outputs', outputsFile], {
      cwd: repoRoot(),
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

describe('npm run migrate', () => {
  it('callback-auth-keys gives a team whose keys are missing a new pair, and leaves the keys a team has', async () => {
    const keep = await signUpVerified();
    const kept = (await api('GET', '/v1/callback-auth-keys', { token: keep.tokens.id_token })).body;
    // A team from before keys were made at verification: its secrets do not exist.
    const old = await signUpVerified();
    for (const environment of ['live', 'test'] as const) {
      await secretsManager.send(new DeleteSecretCommand({ SecretId: callbackAuthKeySecretName(old.team.id, environment), ForceDeleteWithoutRecovery: true }));
    }

    const first = await migrate('callback-auth-keys');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^callback-auth-keys: \d+ active team\(s\) checked, [1-9]\d* callback auth key\(s\) created\n$/);
    // Made by the migration itself (a read would also make a missing key, so look before reading).
    const secret = await secretsManager.send(new GetSecretValueCommand({ SecretId: callbackAuthKeySecretName(old.team.id, 'live') }));
    const made = await api('GET', '/v1/callback-auth-keys', { token: old.tokens.id_token });
    expect(made.status).toBe(200);
    expect(made.body.live).toBe((JSON.parse(secret.SecretString!) as { current: string }).current);
    expect((await api('GET', '/v1/callback-auth-keys', { token: keep.tokens.id_token })).body).toEqual(kept);

    // Idempotent: a second run leaves the new pair as it is.
    expect((await migrate('callback-auth-keys')).code).toBe(0);
    expect((await api('GET', '/v1/callback-auth-keys', { token: old.tokens.id_token })).body).toEqual(made.body);
  }, 60_000);

  it('refuses an unknown migration and a stage without its table, in one line and exit code 2', async () => {
    const unknown = await migrate('drop-everything');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('Unknown migration "drop-everything"');
    const noTable = await migrate('callback-auth-keys', '--stage', 'prod');
    expect(noTable.code).toBe(2);
    expect(noTable.out).toContain('--table is required with --stage');
  });
});
