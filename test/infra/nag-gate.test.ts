import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { FeaturePlan, UserPool } from 'aws-cdk-lib/aws-cognito';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/routes';
import { buildApp, type RefonteApp } from '../../infra/build-app';

/**
 * The real app cut down to a public and a user route, without bundling (no
 * stack is listed for it): only the nag gate is under test here.
 */
function probeApp(): RefonteApp {
  return buildApp({
    outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-cdk-nag-')),
    context: { 'aws:cdk:bundling-stacks': [] },
    // A route whose function writes secrets (a wildcard grant on the stage's prefix), beside a public and a user route.
    routes: [routes.health, routes.getMe, routes.createApiKey],
  });
}

function synthReport(probe: RefonteApp): string {
  try {
    probe.app.synth();
    return '';
  } catch (error) {
    return String((error as Error).message);
  }
}

describe('cdk-nag gate', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('lets the app through as built', () => {
    expect(synthReport(probeApp())).toBe('');
  });

  it('lets it through in a known account and region too (as `cdk synth` runs with a profile): ARNs then name the partition', () => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
    vi.stubEnv('CDK_DEFAULT_REGION', 'us-east-1');
    expect(synthReport(probeApp())).toBe('');
  });

  it('fails synthesis on an unacknowledged error-level finding', () => {
    const probe = probeApp();
    new Queue(probe.messaging, 'QueueWithoutDlq', { enforceSSL: true });
    expect(synthReport(probe)).toMatch(/AwsSolutions-SQS3/);
  });

  it('fails synthesis on an unacknowledged finding AwsSolutions only rates a warning', () => {
    const probe = probeApp();
    // COG2 (no MFA) is a warning in the pack. CDK fails synthesis on errors
    // only, but cdk-nag marks its whole report failed on any violation; this
    // holds that behaviour in place. The pool's other finding is acknowledged
    // so that COG2 is the only thing wrong with this app.
    const pool = new UserPool(probe.messaging, 'PoolWithoutMfa', { featurePlan: FeaturePlan.ESSENTIALS });
    Validations.of(pool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Probe pool inside a test; its feature plan is not what this test is about.',
    });
    const report = synthReport(probe);
    expect(report).toMatch(/AwsSolutions-COG2/);
    expect(report).not.toMatch(/AwsSolutions-COG8/);
  });
});
