import { describe, expect, it } from 'vitest';
import { oneShotEsbuild } from '../../infra/bundling/one-shot-esbuild';

/** The CDK app's esbuild service runs as a one-shot build would (infra/bundling/one-shot-esbuild.ts). */
describe('one-shot esbuild', () => {
  it("turns Go's collector off up to a bounded heap", () => {
    const env: NodeJS.ProcessEnv = {};
    oneShotEsbuild(env);
    expect(env.GOGC).toBe('off');
    const mib = Number(/^(\d+)MiB$/.exec(env.GOMEMLIMIT ?? '')?.[1]);
    expect(mib).toBeGreaterThan(0);
    expect(mib).toBeLessThanOrEqual(4096);
  });

  it('keeps what the caller set', () => {
    const env: NodeJS.ProcessEnv = { GOGC: '100', GOMEMLIMIT: '512MiB' };
    oneShotEsbuild(env);
    expect(env).toEqual({ GOGC: '100', GOMEMLIMIT: '512MiB' });
  });
});
