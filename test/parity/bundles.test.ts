import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Stack, type NestedStack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList, routes } from '../../functions/routes';
import { buildApp, type RefonteApp } from '../../infra/build-app';
import type { OperationFunction } from '../../infra/constructs/operation-function';
import {
  AUTHORIZER,
  CLOSE_BILLING_PERIOD,
  MESSAGING_FUNCTIONS,
  routeFunction,
  SWEEP_UNVERIFIED_ACCOUNTS,
  type FunctionDefinition,
} from '../../infra/definitions/functions';
import { sqsEvent } from '../../scripts/local/queue-poller';
import { emulatorEnvironment } from '../../scripts/local/function-env';
import { authorizerEvent, proxyEvent, type LocalRequest } from '../../scripts/local/gateway-event';
import { principalToContext } from '../../shared/http/principal';
import type { RouteDefinition } from '../../shared/http/route';
import { signUpVerified } from '../support/api';
import { logicalIdOf, resourcesOfType, templateOf, type CfnResourceJson, type CfnTemplate } from '../infra/template-helpers';

/**
 * Every synthesized bundle, loaded in a fresh Node process with exactly the
 * variables its CloudFormation template gives it (references resolved to
 * the local stack's resources) plus only the region, dummy credentials and
 * emulator endpoints, then invoked once with a representative event against
 * the local stack: no function may fail to load or answer 5xx for want of
 * configuration. Functions are enumerated from the templates, so a new one
 * is covered — or refused as unknown — without new test code.
 */
const INVOKE = path.join(import.meta.dirname, 'invoke-bundle.mjs');

interface Deployed {
  id: string;
  definition: FunctionDefinition;
  route: RouteDefinition | null;
  resource: CfnResourceJson;
}

interface Outcome {
  loadError?: string;
  error?: string;
  result?: { statusCode?: number; body?: string } & Record<string, unknown>;
}

let refonte: RefonteApp;
let assembly: CloudAssembly;
let deployed: Deployed[];
let unknown: string[];
let admin: Awaited<ReturnType<typeof signUpVerified>>;

function templatesOf(app: RefonteApp, cloud: CloudAssembly): Array<[Stack, CfnTemplate]> {
  const stacks: Stack[] = [app.stateful, app.api, app.messaging];
  const nested = stacks.flatMap((stack) => stack.node.children.filter((c): c is NestedStack => c instanceof Stack && c.nested));
  return [...stacks, ...nested].map((stack) => [stack, templateOf(cloud, stack)]);
}

/** Each deployed function, known by its construct; anything else in the templates is reported as unknown. */
function enumerate(app: RefonteApp, cloud: CloudAssembly): { deployed: Deployed[]; unknown: string[] } {
  const known = new Map<string, { definition: FunctionDefinition; route: RouteDefinition | null }>();
  const others: Array<[FunctionDefinition, OperationFunction]> = [
    [AUTHORIZER, app.api.node.findChild('AuthorizerFunction') as OperationFunction],
    [SWEEP_UNVERIFIED_ACCOUNTS, app.messaging.sweepFunction],
    [CLOSE_BILLING_PERIOD, app.messaging.closeBillingPeriodFunction],
    ...MESSAGING_FUNCTIONS.map((definition): [FunctionDefinition, OperationFunction] => [definition, app.messaging.consumers.get(definition.id)!]),
  ];
  for (const [definition, fn] of others) known.set(`${Stack.of(fn).artifactId}/${logicalIdOf(fn)}`, { definition, route: null });
  for (const route of routeList) {
    const fn = app.api.operationFunctions.get(route.operationId)!;
    known.set(`${Stack.of(fn).artifactId}/${logicalIdOf(fn)}`, { definition: routeFunction(route), route });
  }
  const found: Deployed[] = [];
  const strangers: string[] = [];
  for (const [stack, template] of templatesOf(app, cloud)) {
    for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      const entry = known.get(`${stack.artifactId}/${logicalId}`);
      if (entry) found.push({ id: entry.definition.id, ...entry, resource });
      else strangers.push(`${stack.node.path}/${logicalId}`);
    }
  }
  return { deployed: found, unknown: strangers };
}

/** The template's variables, each reference replaced by the local stack's value for that variable. */
function localEnvironment(resource: CfnResourceJson, definition: FunctionDefinition): Record<string, string> {
  const { env: local, functionConfig } = inject('localStack');
  const variables = (resource.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
  const resolved = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const here = local[name];
      if (here === undefined) throw new Error(`${definition.id}: no local value for ${name} (${JSON.stringify(value)})`);
      return [name, here];
    }),
  );
  return { ...resolved, ...emulatorEnvironment(functionConfig.endpoints, functionConfig.resources, definition) };
}

function request(route: RouteDefinition | null, authorization?: string): LocalRequest {
  const pathname = (route?.path ?? '/v1/me').replace(/\{[^}]+\}/g, 'x');
  return {
    method: route?.method ?? 'GET',
    url: new URL(`http://127.0.0.1${pathname}`),
    headers: authorization ? { authorization } : {},
    body: null,
    sourceIp: '127.0.0.1',
    requestId: `bundle-${route?.operationId ?? 'authorizer'}`,
  };
}

/** An EventBridge schedule's event, as the hourly rule delivers it. */
const SCHEDULED_EVENT = {
  version: '0',
  id: 'bundle-check',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: [],
  detail: {},
};

/**
 * What an event source mapping would hand a messaging function: one
 * message (or one outbox INSERT) about a task that does not exist, which
 * each must take in its stride — nothing to complete, nothing to send.
 */
function messagingEvent(definition: FunctionDefinition): unknown {
  const ids = { team_id: 'team_bundlecheck', task_id: 'task_bundlecheck' };
  const source = definition.eventSource!;
  if (source.kind === 'table-stream') {
    return {
      Records: [
        {
          eventID: 'bundle-check',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/bundle/stream/now',
          dynamodb: {
            Keys: { PK: { S: 'OUTBOX#obx_bundlecheck' }, SK: { S: 'OUTBOX' } },
            NewImage: { PK: { S: 'OUTBOX#obx_bundlecheck' }, SK: { S: 'OUTBOX' }, kind: { S: 'test_task' }, team_id: { S: ids.team_id }, task_id: { S: ids.task_id } },
            SequenceNumber: '1',
            StreamViewType: 'NEW_IMAGE',
          },
        },
      ],
    };
  }
  const body = source.queue === 'callbacks' ? { ...ids, delivery_id: 'msg_bundlecheck', url: 'http://127.0.0.1:9/', environment: 'test' } : ids;
  const queueUrl = inject('localStack').outputs.queue_urls[source.queue]!;
  return sqsEvent(queueUrl, [{ MessageId: 'bundle-check', ReceiptHandle: 'bundle-check', Body: JSON.stringify(body), Attributes: { ApproximateReceiveCount: '1' } }]);
}

/** What API Gateway (or EventBridge) would hand the function: a garbage credential for the authorizer, a real caller for a route. */
function eventFor(fn: Deployed): unknown {
  if (fn.id === AUTHORIZER.id) return authorizerEvent(routes.getMe, request(null, 'Bearer not-a-token'));
  if (fn.definition.eventSource) return messagingEvent(fn.definition);
  if (!fn.route) return SCHEDULED_EVENT;
  const params = fn.route.path.match(/\{[^}]+\}/g)?.map((p) => [p.slice(1, -1), 'x']) ?? [];
  const principal =
    fn.route.auth === 'support'
      ? principalToContext({ type: 'support', id: 'bundle-check' })
      : fn.route.auth === 'public'
        ? null
        : principalToContext({ type: 'user', userId: admin.user.id });
  return proxyEvent(fn.route, params.length ? Object.fromEntries(params) : null, request(fn.route), principal);
}

function invokeBundle(fn: Deployed, env: Record<string, string>, event: unknown): Promise<Outcome> {
  const bundle = path.join(assembly.directory, fn.resource.Metadata?.['aws:asset:path'] as string, 'index.mjs');
  return new Promise((resolve, reject) => {
    // No PATH, no HOME, nothing of this process's: only what the function would have.
    const child = spawn(process.execPath, [INVOKE, bundle], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = stdout.split('\n').find((l) => l.startsWith('@@OUTCOME@@'));
      if (!line) return reject(new Error(`${fn.id}: no outcome. stderr: ${stderr}`));
      resolve(JSON.parse(line.slice('@@OUTCOME@@'.length)) as Outcome);
    });
    child.stdin.end(JSON.stringify({ event, functionName: fn.id }));
  });
}

/**
 * The Lambda runtime provides the AWS SDK v3 (bundles keep `@aws-sdk/*`
 * external): a `node_modules/@aws-sdk` beside the assets plays it, and
 * nothing else is resolvable from there.
 */
function withRuntimeSdk(outdir: string): string {
  mkdirSync(path.join(outdir, 'node_modules'));
  symlinkSync(path.resolve('node_modules/@aws-sdk'), path.join(outdir, 'node_modules/@aws-sdk'), 'dir');
  return outdir;
}

beforeAll(async () => {
  admin = await signUpVerified();
  refonte = buildApp({
    outdir: withRuntimeSdk(mkdtempSync(path.join(os.tmpdir(), 'refonte-bundles-'))),
    // As the CDK CLI does: each function's resource names its asset directory.
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  assembly = refonte.app.synth();
  ({ deployed, unknown } = enumerate(refonte, assembly));
}, 240_000);

describe('every synthesized bundle runs with exactly its template environment', () => {
  it('knows every function in the templates (a new kind needs its representative event here)', () => {
    expect(unknown).toEqual([]);
    expect(deployed.map((fn) => fn.id).sort()).toEqual(
      [AUTHORIZER.id, SWEEP_UNVERIFIED_ACCOUNTS.id, CLOSE_BILLING_PERIOD.id, ...MESSAGING_FUNCTIONS.map((fn) => fn.id), ...routeList.map((r) => r.operationId)].sort(),
    );
  });

  it('loads and answers every function, none with a 5xx', async () => {
    const outcomes: Array<[string, Outcome]> = [];
    // A few at a time: each is a fresh Node process.
    for (let i = 0; i < deployed.length; i += 4) {
      const batch = deployed.slice(i, i + 4);
      outcomes.push(
        ...(await Promise.all(
          batch.map(async (fn) => [fn.id, await invokeBundle(fn, localEnvironment(fn.resource, fn.definition), eventFor(fn))] as [string, Outcome]),
        )),
      );
    }
    const failures = outcomes.filter(([id, outcome]) => {
      if (outcome.loadError) return true;
      // The authorizer refuses a garbage credential exactly as API Gateway expects.
      if (id === AUTHORIZER.id) return outcome.error !== 'Error: Unauthorized';
      if (id === SWEEP_UNVERIFIED_ACCOUNTS.id) return outcome.error !== undefined || typeof outcome.result?.deleted !== 'number';
      if (id === CLOSE_BILLING_PERIOD.id) return outcome.error !== undefined || typeof outcome.result?.invoices_issued !== 'number';
      // A batch consumer answers with its partial batch response: nothing failed.
      if (MESSAGING_FUNCTIONS.some((fn) => fn.id === id)) return outcome.error !== undefined || JSON.stringify(outcome.result) !== '{"batchItemFailures":[]}';
      return outcome.error !== undefined || (outcome.result?.statusCode ?? 500) >= 500;
    });
    expect(failures).toEqual([]);
  });

  it('fails a function whose grant — and so variable — was removed, as AWS would (a variant of the route table)', async () => {
    const variant = routeList.map((route) => (route.operationId === routes.signup.operationId ? { ...route, grants: { ...route.grants, email: false } } : route));
    const stripped = buildApp({
      outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-variant-')),
      context: { 'aws:cdk:bundling-stacks': [] },
      routes: variant,
    });
    const strippedAssembly = stripped.app.synth();
    const signupFn = stripped.api.operationFunctions.get(routes.signup.operationId)!;
    const strippedResource = templateOf(strippedAssembly, Stack.of(signupFn)).Resources[logicalIdOf(signupFn)]!;
    const real = deployed.find((fn) => fn.id === routes.signup.operationId)!;
    const outcome = await invokeBundle(real, localEnvironment(strippedResource, real.definition), eventFor(real));
    expect(outcome.loadError).toMatch(/Missing required environment variable EMAIL_FROM/);
  });
});
