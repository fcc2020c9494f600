import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { tracer } from '../powertools';

/**
 * The function's own STS client: its one use is assuming the platform's
 * integration role (INTEGRATION_ROLE_ARN), the identity customers trust.
 * Everything done for a customer (assuming their role, signing Google's
 * token exchange) uses that role's session, never the function's own.
 */
export const sts = tracer.captureAWSv3Client(new STSClient({}));

/** An STS client acting with other credentials (the platform role's session). */
export function stsClientWith(credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({ credentials, maxAttempts: 1 });
}

/** Temporary credentials from an AssumeRole answer, or an error when STS gave none. */
export function credentialsOf(answer: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } }): AwsCredentialIdentity {
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered AssumeRole without credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}

export { AssumeRoleCommand };
