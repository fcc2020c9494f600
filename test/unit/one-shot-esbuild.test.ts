import { describe, expect, it } from 'vitest';
import { oneShotEsbuild } from '../../infra/bundling/one-shot-esbuild';

/** The CDK app's esbuild service runs as a one-shot build would (infra/bundling/one-shot-esbuild.ts). */
describe('one-shot esbuild', () => {
  const GiB = 2 ** 30;
  const run = (env: NodeJS.ProcessEnv, memory: number) => {
    oneShotEsbuild(env, memory);
    return env;
  };

  it("turns Go's collector off up to a quarter of the memory, at most 4 GiB", () => {
    expect(run({}, 24 * GiB)).toEqual({ GOGC: 'off', GOMEMLIMIT: '4096MiB' });
    expect(run({}, 4 * GiB)).toEqual({ GOGC: 'off', GOMEMLIMIT: '1024MiB' });
  });

  it("leaves Go's defaults where a quarter is under 1 GiB, less than esbuild needs", () => {
    expect(run({}, 3 * GiB)).toEqual({});
  });

  it('leaves both to a caller who set either', () => {
    expect(run({ GOGC: '100' }, 24 * GiB)).toEqual({ GOGC: '100' });
    expect(run({ GOMEMLIMIT: '2GiB' }, 24 * GiB)).toEqual({ GOMEMLIMIT: '2GiB' });
  });
});
