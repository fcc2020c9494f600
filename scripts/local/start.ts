import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './emulators';
import { startLocalStack } from './stack';

/**
 * `npm start`: the local stack on fixed ports (override with
 * DYNAMODB_PORT, AWS_PORT, PORT), `.local/outputs.json`, then wait for
 * Ctrl-C or SIGTERM and stop every child by its own PID.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const localDir = path.join(repoRoot(), '.local');
mkdirSync(localDir, { recursive: true });

let stack;
try {
  stack = await startLocalStack({
    ports: {
      dynamodb: Number(process.env.DYNAMODB_PORT ?? 8000),
      aws: Number(process.env.AWS_PORT ?? 5055),
      api: Number(process.env.PORT ?? 3000),
    },
    logDir: path.join(localDir, 'logs'),
  });
} catch (error) {
  process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
  process.exit(1);
}

const outputsFile = path.join(localDir, 'outputs.json');
writeFileSync(outputsFile, `${JSON.stringify(stack.outputs, null, 2)}\n`);
const o = stack.outputs;
process.stdout.write(
  [
    'Refonte Accounts local stack is up.',
    `  API          ${o.api_url}   (try ${o.api_url}/v1/health)`,
    `  Mailbox      ${o.mailbox_url}`,
    `  DynamoDB     ${o.dynamodb_endpoint}`,
    `  AWS (moto)   ${o.aws_endpoint}`,
    `  Outputs      ${path.relative(process.cwd(), outputsFile)} (support_token is there)`,
    `  Logs         ${path.relative(process.cwd(), path.join(localDir, 'logs'))}/`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n'),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the local stack…\n');
    void stack.stop().then(() => process.exit(0));
  });
}
