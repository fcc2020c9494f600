import type { AwsCredentialIdentity } from '@smithy/types';
import { AssumeRoleCommand, credentialsOf, sts } from '../clients/sts';
import { requireEnv } from '../config';

/**
 * The platform's integration role session: the identity every customer
 * trusts (their AWS role's trust policy, their Google provider's condition).
 * Cached across invocations until five minutes before it expires.
 */
const ROLE_ARN = requireEnv('INTEGRATION_ROLE_ARN');
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

let cached: AwsCredentialIdentity | null = null;

export async function platformCredentials(): Promise<AwsCredentialIdentity> {
  if (cached?.expiration && cached.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS) return cached;
  const answer = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'refonte-integrations', DurationSeconds: 3600 }));
  cached = credentialsOf(answer);
  return cached;
}
