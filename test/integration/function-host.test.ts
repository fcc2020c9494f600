import { afterAll, describe, expect, inject, it } from 'vitest';
import { functionEnvironment } from '../../infra/definitions/function-environment';
import { FunctionError, FunctionHost } from '../../scripts/local/function-host';
import { emulatorEnvironment, localFunctions, localStageSettings } from '../../scripts/local/function-env';
import { proxyEvent } from '../../scripts/local/gateway-event';
import { routes } from '../../functions/routes';

/**
 * The dev server's functions: each runs in its own worker with exactly the
 * variables its CDK construct gets (the same `functionEnvironment`), plus
 * the emulators — so code that reads a variable its grants do not give
 * fails locally, as it would on AWS.
 */
const config = inject('localStack').functionConfig;
const functions = localFunctions(config);
const hosts: FunctionHost[] = [];
afterAll(() => Promise.all(hosts.map((host) => host.close())));

describe('local function environments', () => {
  it('are what the construct computes, plus only the emulator overlay', () => {
    const names = {
      tableName: config.resources.tableName,
      userPoolId: config.resources.userPoolId,
      userPoolClientId: config.resources.userPoolClientId,
      emailFrom: config.resources.emailFrom,
      queueUrls: config.resources.queueUrls as never,
      integrationRoleArn: config.resources.integrationRoleArn,
    };
    for (const { definition, env } of functions.values()) {
      expect(env).toEqual({
        ...functionEnvironment(definition, names, localStageSettings(config)),
        ...emulatorEnvironment(config.endpoints, config.resources, definition),
      });
    }
  });

  it('give a function without a table grant no TABLE_NAME, and the authorizer no Cognito admin rights but the pool ids', () => {
    expect(functions.get(routes.health.operationId)!.env).not.toHaveProperty('TABLE_NAME');
    expect(functions.get(routes.health.operationId)!.env).not.toHaveProperty('USER_POOL_ID');
    expect(functions.get('authorizer')!.env).toMatchObject({ USER_POOL_ID: config.resources.userPoolId });
    expect(functions.get('authorizer')!.env).not.toHaveProperty('EMAIL_FROM');
  });
});

describe('FunctionHost', () => {
  const request = (operationId: keyof typeof routes) => {
    const route = routes[operationId];
    return proxyEvent(
      route,
      null,
      { method: route.method, url: new URL(`http://127.0.0.1${route.path}`), headers: {}, body: null, sourceIp: '127.0.0.1', requestId: 'r1' },
      null,
    );
  };

  it('runs a function in its own worker', async () => {
    const host = new FunctionHost(functions);
    hosts.push(host);
    const result = await host.invoke<{ statusCode: number; body: string }>(routes.health.operationId, request('health'), 'r1');
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  it('runs concurrent invocations in separate containers, one at a time each, up to a cap', async () => {
    const host = new FunctionHost(functions);
    hosts.push(host);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => host.invoke<{ statusCode: number }>(routes.health.operationId, request('health'), `r${i}`)),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const pool = (host as unknown as { pools: Map<string, { containers: unknown[]; waiting: unknown[] }> }).pools.get(routes.health.operationId)!;
    expect(pool.containers.length).toBeGreaterThan(1);
    expect(pool.containers.length).toBeLessThanOrEqual(4);
    expect(pool.waiting).toEqual([]);
  });

  it('fails, as a Lambda init error, a function whose code needs a variable its grants do not give', async () => {
    const { definition, env } = functions.get(routes.getTeam.operationId)!;
    const { TABLE_NAME: _dropped, ...withoutTable } = env;
    const host = new FunctionHost(new Map([[definition.id, { definition, env: withoutTable }]]));
    hosts.push(host);
    const failure = await host.invoke(definition.id, request('getTeam'), 'r2').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FunctionError);
    expect(failure).toMatchObject({ init: true, message: 'Missing required environment variable TABLE_NAME' });
  });

  it('counts an invocation’s remaining time down from the function’s own timeout, as Lambda does', async () => {
    const { definition, env } = functions.get(routes.health.operationId)!;
    const probe = { ...definition, handler: '../test/support/remaining-time-handler' };
    const host = new FunctionHost(
      new Map([
        ['thirty', { definition: { ...probe, id: 'thirty', timeoutSeconds: 30 }, env }],
        ['default', { definition: { ...probe, id: 'default', timeoutSeconds: undefined }, env }],
      ]),
    );
    hosts.push(host);
    const thirty = await host.invoke<number>('thirty', {}, 'r3');
    const byDefault = await host.invoke<number>('default', {}, 'r4');
    expect(thirty).toBeGreaterThan(29_000);
    expect(thirty).toBeLessThanOrEqual(30_000);
    expect(byDefault).toBeGreaterThan(9_000);
    expect(byDefault).toBeLessThanOrEqual(10_000);
  });
});
