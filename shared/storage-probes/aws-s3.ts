import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AssumeRoleCommand, credentialsOf } from '../clients/sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { CheckName, Checks } from '../domain/integrations/verification';
import { PROBE_BODY, runChecks, storageSteps, type StorageOps } from './run-checks';

export interface S3Target {
  integrationId: string;
  bucket: string;
  region: string;
  prefix: string;
  roleArn: string;
  externalId: string;
}

/** How to reach AWS: the defaults in Lambda; a test may point them at its own emulator. */
export interface S3ProbeClients {
  platformCredentials: () => Promise<AwsCredentialIdentity>;
  sts: (credentials: AwsCredentialIdentity) => STSClient;
  s3: (credentials: AwsCredentialIdentity, region: string) => S3Client;
}

/** Customer sessions last the shortest time STS allows: a verification needs seconds. */
export const CUSTOMER_SESSION_SECONDS = 900;

/**
 * 1. As the platform role, assume the customer's role with this
 *    integration's external id (session `refonte-<integration id>`, 15 min).
 * 2. With that session: list one key under the prefix, write a probe object
 *    there, read it back, delete it.
 */
export async function checkS3(target: S3Target, clients: S3ProbeClients): Promise<Checks> {
  let s3: S3Client | null = null;
  const ops = (): StorageOps => s3Ops(s3!, target);
  return runChecks(
    [
      {
        name: 'assume_role',
        gate: true,
        run: async (abortSignal) => {
          const platform = await clients.platformCredentials();
          const answer = await clients.sts(platform).send(
            new AssumeRoleCommand({
              RoleArn: target.roleArn,
              ExternalId: target.externalId,
              RoleSessionName: `refonte-${target.integrationId}`,
              DurationSeconds: CUSTOMER_SESSION_SECONDS,
            }),
            { abortSignal },
          );
          s3 = clients.s3(credentialsOf(answer), target.region);
        },
      },
      ...storageSteps(ops, target.prefix),
    ],
    explainS3(target),
  );
}

function s3Ops(s3: S3Client, { bucket, prefix }: S3Target): StorageOps {
  return {
    list: async (abortSignal) => void (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, MaxKeys: 1 }), { abortSignal })),
    write: async (key, abortSignal) => void (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: PROBE_BODY, ContentType: 'text/plain' }), { abortSignal })),
    read: async (key, abortSignal) => {
      try {
        const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        await answer.Body?.transformToString();
      } catch (error) {
        if (codeOf(error) !== 'NoSuchKey') throw error;
      }
    },
    remove: async (key, abortSignal) => void (await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal })),
  };
}

const S3_PERMISSION: Record<Exclude<CheckName, 'assume_role' | 'token_exchange'>, string> = {
  list: 's3:ListBucket',
  write: 's3:PutObject',
  read: 's3:GetObject',
  delete: 's3:DeleteObject',
};

function codeOf(error: unknown): string {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e.Code ?? e.name ?? 'Error';
}

function explainS3(target: S3Target) {
  const where = `s3://${target.bucket}/${target.prefix}`;
  return (check: CheckName, error: unknown): string => {
    const code = codeOf(error);
    if (check === 'assume_role') {
      if (code === 'AccessDenied') return "AccessDenied assuming the role: check the trust policy's principal and external id.";
      return `${code} assuming the role: check that the role ARN is right and the role exists.`;
    }
    const permission = S3_PERMISSION[check as keyof typeof S3_PERMISSION];
    if (code === 'NoSuchBucket') return `NoSuchBucket: the bucket ${target.bucket} does not exist.`;
    if (code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed') return `${code}: the bucket ${target.bucket} is not in ${target.region}.`;
    if (code === 'AccessDenied') return `AccessDenied on ${check}: the role needs ${permission} on ${where}.`;
    return `${code} on ${check} at ${where}.`;
  };
}
