// Bundled in place of `semver` (see bundle-function.ts): only the X-Ray SDK's
// patcher for the AWS SDK v2 imports it, to check a v2 SDK's version — in
// `captureAWS`, which this product never calls. Any use throws, saying why.
module.exports = new Proxy(
  {},
  {
    get(_, name) {
      if (name === '__esModule' || typeof name === 'symbol') return undefined;
      return () => {
        throw new Error(`semver.${String(name)}: semver is not bundled (only the X-Ray SDK's AWS SDK v2 patcher imports it); capture v3 clients with captureAWSv3Client.`);
      };
    },
  },
);
