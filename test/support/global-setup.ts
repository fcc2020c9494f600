import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/local/emulators';
import type { LocalFunctionConfig } from '../../scripts/local/function-env';
import { startLocalStack, type LocalOutputs } from '../../scripts/local/stack';
import { CALLBACK_RETRY_SCALE } from './callback-retry-scale';

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: {
      outputs: LocalOutputs;
      env: Record<string, string>;
      functionConfig: LocalFunctionConfig;
      logDir: string;
      /** JSON lines: every AWS call each function made through the dev server (test/parity checks them). */
      callLog: string;
    };
  }
}

/** Tiers that run against the emulators; the unit tier needs none (no Java, no moto). */
const NEEDS_LOCAL_STACK = new Set(['integration', 'e2e', 'infra', 'parity']);

/**
 * Starts the same local stack as `npm start`, on free ports so tests can run
 * beside a developer's own stack, and hands its outputs and the functions'
 * environment to every test file — unless only the unit tier was asked for
 * (`npm run test:unit`), which starts nothing.
 */
export default async function setup(project: TestProject) {
  if (!project.vitest.projects.some((p) => NEEDS_LOCAL_STACK.has(p.name))) return undefined;
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'refonte-test-'));
  const callLog = path.join(logDir, 'aws-calls.jsonl');
  const stack = await startLocalStack({
    ports: { dynamodb: await freePort(), aws: await freePort(), api: await freePort() },
    logDir,
    prefix: 'refonte-test',
    recordCallsTo: callLog,
    // 24 h of callback retries in about ten seconds (see shared/domain/callback-retry.ts).
    callbackRetryScale: CALLBACK_RETRY_SCALE,
  });
  project.provide('localStack', { outputs: stack.outputs, env: stack.env, functionConfig: stack.functionConfig, logDir, callLog });
  return async () => {
    await stack.stop();
  };
}
