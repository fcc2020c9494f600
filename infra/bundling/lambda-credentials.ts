// Bundled in place of `@aws-sdk/credential-provider-node` (see
// bundle-function.ts). Every AWS SDK client's default credentials come from
// that package's chain: environment, SSO, profile files, a credential
// process, a web identity token file, then container and instance metadata.
// In Lambda the runtime puts the execution role's credentials in the
// environment, so the first link always answers and the other six — with the
// STS, SSO and sign-in clients they carry — are dead code that every bundle
// paid for (~135 KB of minified code, ~235 KB of source map, and 10–20 % of a
// cold start, measured on getMe, acceptInvitation, createTask, authorizer).
// Clients given credentials explicitly (an assumed role) never call this.
import { fromEnv, type FromEnvInit } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: FromEnvInit = {}) => fromEnv(init);
