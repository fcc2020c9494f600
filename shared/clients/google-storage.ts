import { Storage } from '@google-cloud/storage';
import { AwsClient, JWT, type AuthClient } from 'google-auth-library';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * Google Cloud Storage, reached with a customer's service account: either
 * keyless (Workload Identity Federation from our platform AWS role) or with
 * their key. Every URL is platform-fixed; only the local stack and tests set
 * the GCS_API_ENDPOINT / GCP_STS_TOKEN_URL / GCP_IAM_CREDENTIALS_URL
 * variables (to a local stand-in).
 */
const API_ENDPOINT = process.env.GCS_API_ENDPOINT || 'https://storage.googleapis.com';
const STS_TOKEN_URL = process.env.GCP_STS_TOKEN_URL || 'https://sts.googleapis.com/v1/token';
const IAM_CREDENTIALS_URL = process.env.GCP_IAM_CREDENTIALS_URL || 'https://iamcredentials.googleapis.com';
const SCOPES = ['https://www.googleapis.com/auth/devstorage.read_write'];

export function storageWith(authClient: AuthClient): Storage {
  return new Storage({ apiEndpoint: API_ENDPOINT, authClient, useAuthWithCustomEndpoint: true, retryOptions: { autoRetry: false } });
}

/**
 * Keyless: an AWS-signed GetCallerIdentity (signed with the platform role's
 * session) is exchanged at Google's STS for a federated token, which then
 * impersonates the customer's service account.
 */
export function federatedAuthClient(opts: {
  providerName: string;
  serviceAccountEmail: string;
  region: string;
  credentials: () => Promise<AwsCredentialIdentity>;
}): AwsClient {
  return new AwsClient({
    type: 'external_account',
    audience: `//iam.googleapis.com/${opts.providerName}`,
    subject_token_type: 'urn:ietf:params:aws:token-type:aws4_request',
    token_url: STS_TOKEN_URL,
    service_account_impersonation_url: `${IAM_CREDENTIALS_URL}/v1/projects/-/serviceAccounts/${opts.serviceAccountEmail}:generateAccessToken`,
    scopes: SCOPES,
    aws_security_credentials_supplier: {
      getAwsRegion: async () => opts.region,
      getAwsSecurityCredentials: async () => {
        const c = await opts.credentials();
        return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, token: c.sessionToken };
      },
    },
  });
}

export function isTokenExchangeUrl(url: string | undefined): boolean {
  return url !== undefined && url.startsWith(STS_TOKEN_URL);
}

/**
 * With a key: self-signed JWTs carrying the storage scope, which Google's
 * APIs accept without a token endpoint — so the key file's own `token_uri`
 * is never used, and no host named by a customer is ever called.
 */
export function keyAuthClient(key: { client_email: string; private_key: string; private_key_id: string | null }): JWT {
  const client = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id ?? undefined, scopes: SCOPES });
  // Not a constructor option: a property the client reads when it signs.
  client.useJWTAccessWithScope = true;
  return client;
}
