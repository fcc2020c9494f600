import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * S3 clients for a customer's bucket, one per verification: each acts with
 * that customer's assumed-role session in the bucket's region, so none can
 * be shared at module scope. No retries: a verification reports what
 * happened, within its time budget.
 */
export function s3ClientWith(credentials: AwsCredentialIdentity, region: string): S3Client {
  return new S3Client({ credentials, region, maxAttempts: 1, requestChecksumCalculation: 'WHEN_REQUIRED' });
}
