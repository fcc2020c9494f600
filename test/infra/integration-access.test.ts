import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { bundleOptions } from '../../infra/bundling/bundle-function';
import { buildApp, type RefonteApp } from '../../infra/build-app';
import { allFunctions } from '../../infra/definitions/functions';
import { logicalIdOf, roleOfFunction, statementsFor, templateOf, toArray, type CfnTemplate } from './template-helpers';

/**
 * The platform's integration role: the principal customers trust. Who may
 * act as it, and what it may do, are the confused-deputy defence in IAM.
 */
let refonte: RefonteApp;
let assembly: CloudAssembly;
let stateful: CfnTemplate;

beforeAll(() => {
  // Policies only: no bundling.
  refonte = buildApp({ outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-intg-')), context: { 'aws:cdk:bundling-stacks': [] } });
  assembly = refonte.app.synth();
  stateful = templateOf(assembly, refonte.stateful);
}, 180_000);

const roleId = () => logicalIdOf(refonte.stateful.integrationRole);

function functionStatements(operationId: string): Array<Record<string, any>> {
  const fn = refonte.api.operationFunctions.get(operationId)!;
  const template = templateOf(assembly, Stack.of(fn));
  return statementsFor(template, roleOfFunction(template.Resources[logicalIdOf(fn)]!));
}

describe('the platform integration role', () => {
  it('may assume only roles that are given one of our external ids and a refonte-<integration> session name', () => {
    const statements = statementsFor(stateful, roleId());
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/*']] },
        Condition: { StringLike: { 'sts:ExternalId': 'refonte-*', 'sts:RoleSessionName': 'refonte-intg_*' } },
      },
    ]);
  });

  it('is trusted by its own account only (functions are granted it one by one), and is a stack output', () => {
    const role = stateful.Resources[roleId()]!;
    const trust = role.Properties?.AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect(JSON.stringify(trust[0].Principal)).toContain(':root');
    expect(role.Properties?.MaxSessionDuration).toBe(3600);
    expect(Object.values(stateful.Outputs ?? {}).some((o: any) => JSON.stringify(o.Value).includes(roleId()))).toBe(true);
  });

  it('only the verify function may assume it, and nothing else may call STS', () => {
    for (const fn of allFunctions().filter((f) => refonte.api.operationFunctions.has(f.id))) {
      const assumes = functionStatements(fn.id).filter((s) => toArray(s.Action).some((a: string) => a.startsWith('sts:')));
      if (fn.id !== routes.verifyIntegration.operationId) {
        expect(assumes, fn.id).toEqual([]);
        continue;
      }
      expect(assumes).toHaveLength(1);
      expect(assumes[0]!.Action).toBe('sts:AssumeRole');
      // The stateful stack's export of the role's ARN.
      const exportName = (assumes[0]!.Resource as { 'Fn::ImportValue': string })['Fn::ImportValue'];
      const exported = Object.values(stateful.Outputs ?? {}).find((o: any) => o.Export?.Name === exportName) as { Value: unknown };
      expect(exported.Value).toEqual({ 'Fn::GetAtt': [roleId(), 'Arn'] });
    }
  });

  it('its ARN reaches the create function (trust policies) and the verify function, and no other', () => {
    const withArn = [...refonte.api.operationFunctions]
      .filter(([, fn]) => {
        const template = templateOf(assembly, Stack.of(fn));
        return 'INTEGRATION_ROLE_ARN' in (template.Resources[logicalIdOf(fn)]!.Properties?.Environment?.Variables ?? {});
      })
      .map(([id]) => id)
      .sort();
    expect(withArn).toEqual([routes.createIntegration.operationId, routes.verifyIntegration.operationId].sort());
  });
});

describe('bundles', () => {
  it('of the integration functions and the one that gathers every route, only verify carries the Azure and Google libraries', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'refonte-intg-bundles-'));
    const carrying: string[] = [];
    // Other functions import nothing of shared/storage-probes (bundle-isolation bundles them all already; this tier is slow enough).
    const suspects = allFunctions().filter((fn) => fn.handler.startsWith('integrations/') || fn.id === routes.openapi.operationId);
    expect(suspects).toHaveLength(6);
    for (const fn of suspects) {
      // The module graph is all this needs: no minifying, no source map, nothing written.
      const options = { ...bundleOptions(path.resolve('functions', `${fn.handler}.ts`), path.join(dir, fn.id, 'index.mjs')), minify: false, sourcemap: false };
      const result = await build({ ...options, metafile: true, write: false });
      if (Object.keys(result.metafile.inputs).some((input) => /node_modules\/(@azure\/|@google-cloud\/|google-auth-library\/)/.test(input))) carrying.push(fn.id);
    }
    expect(carrying).toEqual([routes.verifyIntegration.operationId]);
  }, 240_000);
});
