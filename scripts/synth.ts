import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { ensureDashboardBuilt } from './local/dashboard';

/**
 * `npm run synth`: `cdk synth --quiet` (extra arguments pass through, e.g.
 * `-c stage=prod`), minus the one line the CDK CLI always adds for an app of
 * several stacks, "Supply a stack id (…) to display its template.", which
 * reads like a request to do something more. Everything else — errors,
 * cdk-nag findings, "Successfully synthesized to …" — comes through as is,
 * with the CLI's exit code. The dashboard stack uploads web/dist, so it is
 * built first when missing or stale.
 */
await ensureDashboardBuilt();
const cdk = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');
const child = spawn(process.execPath, [cdk, 'synth', '--quiet', ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'] });
createInterface({ input: child.stderr }).on('line', (line) => {
  if (!line.startsWith('Supply a stack id')) process.stderr.write(`${line}\n`);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
