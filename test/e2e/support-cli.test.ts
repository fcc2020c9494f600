import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot } from '../../scripts/local/emulators';
import { api, outputs, signUpVerified } from '../support/api';

const run = promisify(execFile);
let outputsFile: string;

/** The CLI as support staff run it (`npm run support -- …`), pointed at this test run's stack. */
async function cli(...args: string[]) {
  try {
    const withOutputs = args.includes('--outputs') ? args : [...args, '--outputs', outputsFile];
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/support/cli.ts', ...withOutputs], {
      cwd: repoRoot(),
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return { code: 0, out: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

describe('support CLI against the local stack', () => {
  beforeAll(() => {
    outputsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'outputs.json');
    writeFileSync(outputsFile, JSON.stringify(outputs()));
  });

  it('finds a user, attaches a lone account and transfers the admin role', async () => {
    const owner = await signUpVerified({ team_name: 'CLI Owners' });
    const lone = await signUpVerified({ team_name: 'Alone' });

    const found = await cli('find-user', '--email', lone.email);
    expect(found.code).toBe(0);
    expect(found.out.items[0]).toMatchObject({ id: lone.user.id, team_id: lone.team.id, role: 'admin' });

    const attached = await cli('attach-user', '--team', owner.team.id, '--email', lone.email, '--role', 'manager', '--reason', 'ticket 42');
    expect(attached.code).toBe(0);
    expect(attached.out.user).toMatchObject({ id: lone.user.id, team_id: owner.team.id, role: 'manager' });

    const transferred = await cli('transfer-admin', '--team', owner.team.id, '--user', lone.user.id, '--reason', 'ticket 43');
    expect(transferred.code).toBe(0);
    expect(transferred.out.admin_user_id).toBe(lone.user.id);

    const team = await api('GET', '/v1/team', { token: owner.tokens.id_token });
    expect(team.body.admin_user_id).toBe(lone.user.id);
    const me = await api('GET', '/v1/me', { token: owner.tokens.id_token });
    expect(me.body.user.role).toBe('manager');
  });

  it('refuses a change without a reason before calling anything, and reports API errors on stderr', async () => {
    const missing = await cli('transfer-admin', '--team', 'team_x', '--user', 'user_y');
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('--reason is required');
    const unknown = await cli('get-team', '--team', 'team_doesnotexist');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('not_found');
  });

  it('says in one line when the local stack is down, and when --api points at a local stack', async () => {
    const down = path.join(mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'outputs.json');
    writeFileSync(down, JSON.stringify({ ...outputs(), api_url: `http://127.0.0.1:${await freePort()}` }));
    const refused = await cli('find-user', '--email', 'a@example.com', '--outputs', down);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/^support: the local stack at http:\/\/127\.0\.0\.1:\d+ is not running \(connection refused\): start it with npm start\n$/);

    const local = await cli('find-user', '--email', 'a@example.com', '--api', outputs().api_url);
    expect(local.code).toBe(1);
    expect(local.out).toMatch(/^support: --api is for a deployed stage .*leave --api out.*\n$/);

    const missing = await cli('find-user', '--email', 'a@example.com', '--outputs', '/nonexistent/outputs.json');
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/^support: no local stack outputs at .*: start the local stack with npm start.*\n$/);
  });
});
