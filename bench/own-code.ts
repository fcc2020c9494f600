import type { Metafile } from 'esbuild';

/**
 * What of a bundle is the function's own code: every input that is not the
 * AWS SDK. The SDK is its packages (`@aws-sdk`, `@smithy`, `@aws-crypto`)
 * and the packages only they import (the endpoint cache's `mnemonist`, the
 * XML parser S3 needs): what bundling the SDK brings along, which leaving it
 * to the runtime would take away too. A package the product also imports
 * itself (or through another library) stays the product's.
 */
const SDK_PACKAGE = /^@(aws-sdk|smithy|aws-crypto)\//;

const packageOf = (input: string): string | null => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? null;

/** The inputs of this build that belong to the AWS SDK, by the rule above. */
export function sdkInputs(metafile: Metafile): Set<string> {
  const importers = new Map<string, Set<string>>(); // package → the packages (or product files) importing it
  for (const [file, input] of Object.entries(metafile.inputs)) {
    const from = packageOf(file) ?? file;
    for (const { path } of input.imports) {
      const to = packageOf(path);
      if (!to || to === from || !metafile.inputs[path]) continue;
      (importers.get(to) ?? importers.set(to, new Set()).get(to)!).add(from);
    }
  }
  const sdk = new Set([...importers.keys()].filter((p) => SDK_PACKAGE.test(p)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pkg, by] of importers) {
      if (!sdk.has(pkg) && [...by].every((p) => sdk.has(p))) {
        sdk.add(pkg);
        grew = true;
      }
    }
  }
  return new Set(Object.keys(metafile.inputs).filter((file) => sdk.has(packageOf(file) ?? '')));
}

/** Bytes of these outputs that are not the AWS SDK: the function's own code. */
export function ownBytes(outputs: Metafile['outputs'][string][], sdk: Set<string>): number {
  return outputs
    .flatMap((output) => Object.entries(output.inputs))
    .filter(([input]) => !sdk.has(input))
    .reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
}
