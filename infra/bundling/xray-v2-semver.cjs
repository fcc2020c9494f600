// Bundled in place of `semver` (see bundle-function.ts): only the X-Ray SDK's
// patcher for the AWS SDK v2 imports it, to check a v2 SDK's version.
module.exports = {
  gte() {
    throw new Error('Tracing the AWS SDK v2 (captureAWS) is not bundled: capture v3 clients with captureAWSv3Client.');
  },
};
