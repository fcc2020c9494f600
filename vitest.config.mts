process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One `npm test` runs every tier. The root global setup starts the local
 * stack (emulators + dev server) on free ports once for all projects, and
 * stops it at the end; projects do not extend the root config, so it is not
 * started once per project.
 */
const common = {
  setupFiles: ['test/support/function-env.ts'],
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  // A bound on a hang, not on slowness: two files at a time on two cores took a 9 s test to 17 s.
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Most files wait on the emulators, HTTP and a browser more than they
    // compute: vitest's default (cores − 1) is one file at a time on two
    // cores. Two at a time: the whole run 851 s → 646 s on this machine.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    hookTimeout: 240_000,
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/unit-env.ts', 'test/support/quiet-logs.ts'],
        },
      },
      {
        test: {
          ...common,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles: [...common.setupFiles, 'test/support/quiet-logs.ts'],
        },
      },
      { test: { ...common, name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      { test: { ...common, name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 240_000, hookTimeout: 240_000 } },
      // Runs after every other tier: it holds the AWS calls the e2e tier made
      // against each function's synthesized policy, and loads every bundle.
      {
        test: {
          ...common,
          name: 'parity',
          include: ['test/parity/**/*.test.ts'],
          // The scheduled functions it runs in workers log like the tiers above: silent unless asked.
          setupFiles: [...common.setupFiles, 'test/support/quiet-logs.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
