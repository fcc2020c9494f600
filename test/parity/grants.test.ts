import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { routeList, routes } from '../../functions/routes';
import { buildApp, type RefonteApp } from '../../infra/build-app';
import type { OperationFunction } from '../../infra/constructs/operation-function';
import { AUTHORIZER, CLOSE_BILLING_PERIOD, MESSAGING_FUNCTIONS, SWEEP_UNVERIFIED_ACCOUNTS } from '../../infra/definitions/functions';
import { FunctionHost } from '../../scripts/local/function-host';
import { localFunctions } from '../../scripts/local/function-env';
import type { RecordedCall } from '../../scripts/local/aws-call-recorder';
import { edgeSecretName } from '../../shared/http/edge';
import type { RouteDefinition } from '../../shared/http/route';
import { logicalIdOf, roleOfFunction, statementsFor, templateOf, type CfnTemplate } from '../infra/template-helpers';
import { isAllowed, statementsOf, unexercisedActions, type ResourceNamesById, type Statement } from './iam';

/**
 * Grant parity: every AWS call each function made while the e2e tier ran
 * (recorded by an SDK middleware the dev server installs under test) must be
 * allowed by that function's own synthesized IAM policy — action, resource
 * and `dynamodb:LeadingKeys` — and every action granted but never used must
 * carry its reason in the route table (`grants.rarelyUsed`) or go.
 */
function synth(routesToUse: readonly RouteDefinition[] = routeList) {
  // Policies are all this needs: skip bundling (seconds instead of half a minute).
  const refonte = buildApp({
    outdir: mkdtempSync(path.join(os.tmpdir(), 'refonte-grants-')),
    // The local stage: its secrets prefix (refonte/local/) is the one the recorded calls used.
    context: { 'aws:cdk:bundling-stacks': [], stage: 'local' },
    routes: routesToUse,
  });
  const assembly = refonte.app.synth();
  return { refonte, assembly };
}

function policyOf(refonte: RefonteApp, assembly: CloudAssembly, fn: OperationFunction): Statement[] {
  const stateful = templateOf(assembly, refonte.stateful);
  const s = refonte.stateful;
  const names: ResourceNamesById = {
    [logicalIdOf(s.table)]: 'table',
    [logicalIdOf(s.userPool)]: 'userpool',
    [logicalIdOf(s.sender.identity)]: 'sender',
    [logicalIdOf(s.integrationRole)]: 'integration-role',
    ...Object.fromEntries(Object.entries(s.queues).map(([name, queue]) => [logicalIdOf(queue), `queue:${name}`])),
    ...Object.fromEntries(Object.entries(s.deadLetterQueues).map(([name, queue]) => [logicalIdOf(queue), `queue:${name}-dlq`])),
    [logicalIdOf(s.relayFailureQueue)]: 'queue:relay-failures',
    [logicalIdOf(s.edgeSecret)]: `secret:${edgeSecretName('local')}`,
  };
  const template: CfnTemplate = templateOf(assembly, Stack.of(fn));
  const resource = template.Resources[logicalIdOf(fn)]!;
  return statementsOf(statementsFor(template, roleOfFunction(resource)), stateful, names);
}

function functionsOf(refonte: RefonteApp): Map<string, OperationFunction> {
  return new Map([
    [AUTHORIZER.id, refonte.api.node.findChild('AuthorizerFunction') as OperationFunction],
    [SWEEP_UNVERIFIED_ACCOUNTS.id, refonte.messaging.sweepFunction],
    [CLOSE_BILLING_PERIOD.id, refonte.messaging.closeBillingPeriodFunction],
    ...refonte.messaging.consumers,
    ...refonte.api.operationFunctions,
  ]);
}

/** Functions no HTTP request reaches run here once, as their schedule would run them, recorded like the rest. */
async function runScheduledFunctions(callLog: string): Promise<void> {
  const host = new FunctionHost(localFunctions(inject('localStack').functionConfig), callLog);
  try {
    await host.invoke(SWEEP_UNVERIFIED_ACCOUNTS.id, { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, 'parity-sweep');
    // The month before now: the e2e tier's live usage is this month's, so this run typically issues nothing (and needs nothing to).
    await host.invoke(
      CLOSE_BILLING_PERIOD.id,
      { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} },
      'parity-close-billing-period',
    );
  } finally {
    await host.close();
  }
}

let calls: RecordedCall[];
let policies: Map<string, Statement[]>;

beforeAll(async () => {
  const { callLog } = inject('localStack');
  await runScheduledFunctions(callLog);
  calls = existsSync(callLog)
    ? readFileSync(callLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedCall)
    : [];
  const { refonte, assembly } = synth();
  policies = new Map([...functionsOf(refonte)].map(([id, fn]) => [id, policyOf(refonte, assembly, fn)]));
});

const callsOf = (id: string) => calls.filter((call) => call.fn === id);
// The relay and the queue consumers run in the dev server's pollers (recorded like the routes) during the integration and e2e tiers.
const nonRoutes = [SWEEP_UNVERIFIED_ACCOUNTS, CLOSE_BILLING_PERIOD, ...MESSAGING_FUNCTIONS];
const functionIds = [AUTHORIZER.id, ...nonRoutes.map((fn) => fn.id), ...routeList.map((route) => route.operationId)];
const rarelyUsed = (id: string): Record<string, string> =>
  ({ ...(nonRoutes.find((fn) => fn.id === id) ?? routeList.find((route) => route.operationId === id))?.grants.rarelyUsed }) as Record<string, string>;

describe('grant parity: recorded AWS calls against each function\'s synthesized policy', () => {
  it('has recorded calls from the e2e tier (run the whole suite: npm test)', () => {
    expect(calls.length).toBeGreaterThan(100);
  });

  it.each(functionIds)('%s was exercised by the tests, and every call it made is allowed by its own policy', (id) => {
    const own = callsOf(id);
    expect(own.some((call) => call.service === 'lambda'), `${id} never ran in the e2e tier`).toBe(true);
    const denied = own.filter((call) => !isAllowed(policies.get(id)!, call));
    expect(denied, `${id} would be denied: ${JSON.stringify(denied)}`).toEqual([]);
  });

  it.each(functionIds)('%s: every granted action is used, or its rare use is explained in the route table', (id) => {
    const unused = unexercisedActions(policies.get(id)!, callsOf(id));
    const reasons = rarelyUsed(id);
    const unexplained = unused.filter((action) => !reasons[action]);
    expect(unexplained, `granted to ${id}, never used: ${unexplained.join(', ')}`).toEqual([]);
    // A reason for an action that is used, or not granted, is stale.
    const stale = Object.keys(reasons).filter((action) => !unused.includes(action));
    expect(stale, `stale rarelyUsed entries of ${id}: ${stale.join(', ')}`).toEqual([]);
  });

  it('catches a function whose route lost a grant its code needs (a variant of the route table)', () => {
    const variant = routeList.map((route) =>
      route.operationId === routes.getTeam.operationId ? { ...route, grants: {} } : route,
    );
    const { refonte, assembly } = synth(variant);
    const fn = refonte.api.operationFunctions.get(routes.getTeam.operationId)!;
    const denied = callsOf(routes.getTeam.operationId).filter((call) => !isAllowed(policyOf(refonte, assembly, fn), call));
    expect(denied.map((call) => `${call.service}:${call.action}`)).toContain('dynamodb:GetItem');
  });
});
