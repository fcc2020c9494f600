import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteGrants } from '../../shared/http/route';
import { readStageConfig } from '../../infra/config';
import { OperationFunction } from '../../infra/constructs/operation-function';
import { StatefulStack } from '../../infra/stacks/stateful-stack';
import {
  allowedActions,
  logicalIdOf,
  roleOfFunction,
  statementsFor,
  templateOf,
  type CfnResourceJson,
  type CfnTemplate,
} from './template-helpers';

/**
 * The grants no route of today's table uses yet (secrets, queues) and the
 * domain sender, on a small app of their own: one stateful stack and a few
 * OperationFunctions, checked by cdk-nag like the real app.
 */
const ENTRY = fileURLToPath(new URL('../../functions/service/health.ts', import.meta.url));

const PROBES: Record<string, RouteGrants> = {
  WriterFunction: { secrets: 'write', sendTo: ['callbacks'], email: true },
  ReaderFunction: { secrets: 'read' },
};

let template: CfnTemplate;
let statefulTemplate: CfnTemplate;
let stateful: StatefulStack;
const functions: Record<string, CfnResourceJson> = {};

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-cdk-fn-')),
    context: { senderEmail: 'mail.refonte.example' },
  });
  const config = readStageConfig(app);
  stateful = new StatefulStack(app, 'Stateful', { config });
  const stack = new Stack(app, 'Probe');
  const constructs = Object.entries(PROBES).map(
    ([id, grants]) =>
      new OperationFunction(stack, id, {
        entry: ENTRY,
        definition: { grants, countsTeamRequests: false, description: id },
        resources: stateful,
        config,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  template = templateOf(assembly, stack);
  statefulTemplate = templateOf(assembly, stateful);
  for (const fn of constructs) functions[fn.node.id] = template.Resources[logicalIdOf(fn)]!;
}, 120_000);

function secretsStatement(fn: CfnResourceJson): Record<string, any> {
  const [statement] = statementsFor(template, roleOfFunction(fn)).filter((s) =>
    [s.Action].flat().some((action: string) => action.startsWith('secretsmanager:')),
  );
  return statement!;
}

describe('OperationFunction grants', () => {
  it("confines secrets to the stage's prefix and sets SECRETS_PREFIX", () => {
    const resource = JSON.stringify(secretsStatement(functions.WriterFunction!).Resource);
    expect(resource).toMatch(/:secretsmanager:/);
    expect(resource).toMatch(/:secret:refonte\/dev\/\*"/);
    expect(functions.WriterFunction!.Properties?.Environment?.Variables?.SECRETS_PREFIX).toBe('refonte/dev/');
  });

  it('gives secrets write the create/put/update/delete actions and secrets read only get/describe', () => {
    expect([secretsStatement(functions.WriterFunction!).Action].flat()).toEqual(
      expect.arrayContaining([
        'secretsmanager:GetSecretValue',
        'secretsmanager:CreateSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:DeleteSecret',
      ]),
    );
    expect([secretsStatement(functions.ReaderFunction!).Action].flat().sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
  });

  it("sends to exactly the granted queue, named by the definition's urlEnv", () => {
    const writer = functions.WriterFunction!;
    const env = writer.Properties?.Environment?.Variables;
    expect(env).toHaveProperty('CALLBACK_QUEUE_URL');
    expect(env).not.toHaveProperty('TEST_TASK_QUEUE_URL');
    const sqs = statementsFor(template, roleOfFunction(writer)).filter((s) =>
      [s.Action].flat().includes('sqs:SendMessage'),
    );
    expect(sqs).toHaveLength(1);
    expect(JSON.stringify(sqs[0]!.Resource)).toContain(logicalIdOf(stateful.queues.callbacks));
    expect(allowedActions(template, roleOfFunction(functions.ReaderFunction!))).not.toContain('sqs:SendMessage');
  });

  it('sends email from no-reply@ a domain sender, through the domain identity', () => {
    const writer = functions.WriterFunction!;
    expect(writer.Properties?.Environment?.Variables?.EMAIL_FROM).toBe('no-reply@mail.refonte.example');
    const ses = allowedActions(template, roleOfFunction(writer)).filter((action) => action.startsWith('ses:'));
    expect(ses).toEqual(['ses:SendEmail']);
    const identities = Object.values(statefulTemplate.Resources).filter((r) => r.Type === 'AWS::SES::EmailIdentity');
    expect(identities.map((r) => r.Properties?.EmailIdentity)).toEqual(['mail.refonte.example']);
  });
});
