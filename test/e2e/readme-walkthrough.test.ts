import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/local/emulators';
import { outputs } from '../support/api';

const run = promisify(execFile);

/**
 * The README's walkthrough, pasted as a newcomer would, block after block,
 * against this test run's stack: it must run with no edits, and answer the
 * statuses its comments announce. Only two things differ from a terminal:
 * the blocks run in a folder whose `.local/outputs.json` describes this
 * stack, and the support CLI is pointed at that file.
 */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Walkthrough'), readme.indexOf('### Beyond the contract'));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => !/^npm stop\s*$/.test(block.trim()));
}

describe('README walkthrough', () => {
  it('runs block after block as pasted, with the statuses it announces', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    mkdirSync(path.join(dir, '.local'));
    const outputsFile = path.join(dir, '.local', 'outputs.json');
    writeFileSync(outputsFile, JSON.stringify(outputs()));
    const cli = `support_cli() { (cd '${repoRoot()}' && node --import tsx scripts/support/cli.ts --outputs '${outputsFile}' "$@"); }`;
    const blocks = walkthroughBlocks();
    expect(blocks.length).toBe(7);
    const script = ['set -euo pipefail', cli, ...blocks].join('\n').replaceAll('npm run -s support --', 'support_cli');

    const { stdout } = await run('bash', ['-c', script], { cwd: dir, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });

    const statuses = stdout.split('\n').filter((line) => /^\d{3}$/.test(line)).map(Number);
    // signup, unverified sign-in, verify, 3 refusals; invite, accept, accept again,
    // promote, promote to admin, remove; API key created, called with Basic and
    // Bearer (403: no key right on team routes), revealed, callback auth keys read,
    // deleted, refused (401); a project, a duplicate unique_id (409), a support completion;
    // a test key and its task (the callback checked below), its redelivery;
    // support over HTTP; password reset asked,
    // confirmed, old password refused; sign-out, its refresh token refused.
    expect(statuses).toEqual([201, 401, 200, 400, 400, 401, 201, 201, 410, 200, 403, 204, 201, 403, 403, 200, 200, 204, 401, 201, 409, 200, 201, 201, 202, 200, 202, 200, 401, 204, 401]);
    // The test task's callback reached the one-line receiver, and its signature verified by hand; its redelivery came with the same webhook-id.
    expect(stdout).toContain('signature ok');
    expect(stdout).toMatch(/redelivered with the same webhook-id msg_\w+/);
    // The support block ends with Bob as the team's admin.
    const start = stdout.lastIndexOf('\n{\n') + 1;
    const lastJson = JSON.parse(stdout.slice(start, stdout.indexOf('\n}\n', start) + 2));
    expect(lastJson.user).toMatchObject({ role: 'admin', email: expect.stringMatching(/^bob\+/) });
  }, 240_000);
});
