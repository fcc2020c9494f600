/**
 * aws-cdk-lib writes "Bundling asset <path>..." to stderr for every function
 * it bundles (unconditionally, ~30 lines at each synth), which reads like
 * progress of something going wrong. Bundling errors still come through:
 * only those exact progress lines are dropped.
 */
const BUNDLING_LINE = /^Bundling asset \S+\.\.\.\r?\n$/;

/** Drops the progress lines from stderr until the returned function is called. */
export function muteBundlingLines(): () => void {
  const write = process.stderr.write;
  process.stderr.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && BUNDLING_LINE.test(chunk)) return true;
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof process.stderr.write;
  return () => {
    process.stderr.write = write;
  };
}
