import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const SHIM = path.resolve('packages/cls-hooked-als/context.cjs');
type Context = Record<string, unknown>;
interface Namespace {
  active: Context | null;
  set(key: string, value: unknown): unknown;
  get(key: string): unknown;
  createContext(): Context;
  run(fn: (context: Context) => void): Context;
  bind<F extends (...args: never[]) => unknown>(fn: F, context?: Context): F;
  enter(context: Context): void;
  exit(context: Context): void;
}
const cls = require(SHIM) as {
  createNamespace(name: string): Namespace;
  getNamespace(name: string): Namespace | undefined;
  destroyNamespace(name: string): void;
};

describe('the X-Ray SDK context (packages/cls-hooked-als)', () => {
  it('is what the X-Ray SDK loads as cls-hooked', () => {
    expect(createRequire(require.resolve('aws-xray-sdk-core')).resolve('cls-hooked/context')).toBe(SHIM);
  });

  it('keeps each run’s values to that run and the async work it starts, children inheriting', async () => {
    const ns = cls.createNamespace('unit-runs');
    const seen: unknown[] = [];
    const branch = (name: string) =>
      new Promise<void>((resolve) =>
        ns.run(() => {
          ns.set('segment', name);
          void (async () => {
            await sleep(Math.random() * 10);
            seen.push([name, ns.get('segment')]);
            ns.run(() => seen.push([`${name} child`, ns.get('segment')]));
            resolve();
          })();
        }),
      );
    await Promise.all(['A', 'B', 'C'].map(branch));
    expect(Object.fromEntries(seen as [string, unknown][])).toEqual({ A: 'A', 'A child': 'A', B: 'B', 'B child': 'B', C: 'C', 'C child': 'C' });
    expect(seen).toHaveLength(6);
    expect(ns.get('segment')).toBeUndefined();
    cls.destroyNamespace('unit-runs');
  });

  it('has a process-wide context once entered outside any run (the SDK’s Lambda mode), which runs inherit from', async () => {
    const ns = cls.createNamespace('unit-base');
    expect(() => ns.set('segment', 'x')).toThrow(/No context available/);
    // Work started before the context is entered, as the runtime's invocation loop is, sees it too.
    const startedBefore = sleep(1).then(() => ns.get('segment'));
    const base = ns.createContext();
    ns.enter(base);
    ns.set('segment', 'facade');
    expect(await startedBefore).toBe('facade');
    const child = ns.run(() => ns.set('segment', 'sub'));
    expect([child.segment, ns.get('segment')]).toEqual(['sub', 'facade']);
    ns.exit(base);
    expect(ns.get('segment')).toBeUndefined();
    cls.destroyNamespace('unit-base');
  });

  it('passes an error thrown in a run to its caller, and leaves no context behind', () => {
    const ns = cls.createNamespace('unit-errors');
    const failure = new Error('inside');
    expect(() =>
      ns.run(() => {
        ns.set('segment', 'failing');
        throw failure;
      }),
    ).toThrow(failure);
    expect(ns.get('segment')).toBeUndefined();
    cls.destroyNamespace('unit-errors');
  });

  it('re-enters a bound context when the bound function is called later, from anywhere', async () => {
    const ns = cls.createNamespace('unit-bind');
    let later: (() => unknown) | undefined;
    ns.run(() => {
      ns.set('segment', 'bound');
      later = ns.bind(() => ns.get('segment'));
    });
    await sleep(1);
    expect([later!(), ns.get('segment')]).toEqual(['bound', undefined]);
    cls.destroyNamespace('unit-bind');
  });

  it('attributes each AWS call to the subsegment it was made under, with concurrent branches (Powertools in Lambda mode)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['test/support/xray-lambda-probe.mjs'], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const probe = JSON.parse(stdout) as { clsHooked: string; tracing: boolean; sent: { id: string; name: string; parent_id: string }[] };
    expect([probe.clsHooked, probe.tracing]).toEqual([SHIM, true]);
    const children = (id: string) =>
      probe.sent
        .filter((s) => s.parent_id === id)
        .map((s) => s.name)
        .sort();
    const handlers = probe.sent.filter((s) => s.name === '## handler');
    expect(handlers).toHaveLength(3);
    for (const handler of handlers) {
      expect(handler.parent_id).toBe('53995c3f42cd8ad8');
      expect(children(handler.id)).toEqual(['A', 'B', 'DynamoDB']);
      for (const branch of probe.sent.filter((s) => s.parent_id === handler.id && s.name !== 'DynamoDB')) {
        expect(children(branch.id)).toEqual(['DynamoDB', 'DynamoDB']);
      }
    }
    expect(probe.sent).toHaveLength(3 * (1 + 2 + 5));
  });
});
