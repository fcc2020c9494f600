import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { FeaturePlan, UserPool } from 'aws-cdk-lib/aws-cognito';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { buildApp } from '../../infra/build-app';

describe('cdk-nag gate', () => {
  // A cut-down app (two routes) so the probe bundles three functions, not all.
  it('fails synthesis on findings nobody acknowledged, warning-level ones included', () => {
    const probe = buildApp({
      outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-cdk-nag-')),
      routes: [routes.health, routes.getMe],
    });
    // An error-level finding: a queue without DLQ.
    new Queue(probe.messaging, 'QueueWithoutDlq', { enforceSSL: true });
    // A finding AwsSolutions rates a warning (COG2: no MFA); the pool's other
    // finding (COG8) is acknowledged so COG2 is the only one it raises.
    const pool = new UserPool(probe.messaging, 'PoolWithoutMfa', { featurePlan: FeaturePlan.ESSENTIALS });
    Validations.of(pool).acknowledge({ id: 'AwsSolutions-COG8', reason: 'Probe pool in a test; the plan is not what is under test here.' });

    let report = '';
    try {
      probe.app.synth();
    } catch (error) {
      report = String((error as Error).message);
    }
    expect(report).toMatch(/AwsSolutions-SQS3/);
    expect(report).toMatch(/AwsSolutions-COG2/);
    expect(report).not.toMatch(/AwsSolutions-COG8/);
  }, 60_000);
});
