import * as z from 'zod';
import { parseSasToken } from '../domain/integrations/azure-sas';
import { PROVIDERS } from '../domain/integrations/integration';
import { parseServiceAccountKey } from '../domain/integrations/service-account-key';
import {
  awsRegionProblem,
  azureAccountProblem,
  azureContainerProblem,
  gcsBucketProblem,
  keyPrefixProblem,
  parseWorkloadIdentityProvider,
  roleArnProblem,
  s3BucketProblem,
  serviceAccountEmailProblem,
} from '../domain/integrations/storage-names';
import { STORAGE_CHECKS } from '../domain/integrations/verification';
import { listOf, Timestamp } from './common';

/** A string held to one of the domain's naming rules (the rule's sentence is the message; the value is never echoed). */
const named = (problem: (value: string) => string | null, description: string, example: string) =>
  z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const found = problem(value);
      if (found) ctx.addIssue({ code: 'custom', message: found });
    })
    .meta({ description, example });

const AwsS3Input = z.strictObject({
  provider: z.literal('aws_s3'),
  bucket: named(s3BucketProblem, 'S3 bucket name', 'acme-labels'),
  region: named(awsRegionProblem, "The bucket's AWS region", 'eu-west-3'),
  prefix: named(keyPrefixProblem, 'Key prefix the platform may use (default: the whole bucket)', 'refonte/').optional(),
  role_arn: named(roleArnProblem, 'The IAM role we assume (it must trust the returned trust_policy)', 'arn:aws:iam::123456789012:role/refonte-access'),
});

const AzureBlobInput = z.strictObject({
  provider: z.literal('azure_blob'),
  account_name: named(azureAccountProblem, 'Storage account name', 'acmelabels'),
  container: named(azureContainerProblem, 'Blob container name', 'labels'),
  sas_token: z
    .string()
    .max(4096)
    .transform((value, ctx) => {
      const parsed = parseSasToken(value);
      if (parsed.ok) return parsed;
      ctx.addIssue({ code: 'custom', message: `the SAS token ${parsed.problem}` });
      return z.NEVER;
    })
    .meta({ description: 'A container SAS token with r, w (or c), d and l permissions (stored as a secret, never returned)' }),
});

const KeyFile = z
  .union([z.string().max(16 * 1024), z.record(z.string(), z.unknown())])
  .transform((value, ctx) => {
    const parsed = parseServiceAccountKey(value);
    if (parsed.ok) return parsed.key;
    for (const { field, problem } of parsed.problems) ctx.addIssue({ code: 'custom', message: problem, path: field ? [field] : [] });
    return z.NEVER;
  })
  .meta({ description: "The service account key file's JSON, as text or object (stored as a secret, never returned)" });

const GcpGcsInput = z
  .strictObject({
    provider: z.literal('gcp_gcs'),
    bucket: named(gcsBucketProblem, 'Cloud Storage bucket name', 'acme-labels'),
    workload_identity_provider: named(
      (value) => (parseWorkloadIdentityProvider(value) ? null : 'must be projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>'),
      "Keyless: the workload identity provider's full resource name",
      'projects/123456789012/locations/global/workloadIdentityPools/refonte/providers/refonte-aws',
    ).optional(),
    service_account_email: named(serviceAccountEmailProblem, 'Keyless: the service account we impersonate', 'refonte@acme-labels.iam.gserviceaccount.com').optional(),
    service_account_key: KeyFile.optional(),
  })
  .superRefine((body, ctx) => {
    const keyless = body.workload_identity_provider !== undefined || body.service_account_email !== undefined;
    if (keyless && body.service_account_key !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['service_account_key'], message: 'give either workload_identity_provider and service_account_email (keyless) or service_account_key, not both' });
    } else if (!keyless && body.service_account_key === undefined) {
      ctx.addIssue({ code: 'custom', path: ['workload_identity_provider'], message: 'give workload_identity_provider and service_account_email (keyless, preferred) or service_account_key' });
    } else if (keyless) {
      for (const field of ['workload_identity_provider', 'service_account_email'] as const) {
        if (body[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required for keyless access' });
      }
    }
  });

export const CreateIntegrationBody = z
  .discriminatedUnion('provider', [AwsS3Input, AzureBlobInput, GcpGcsInput])
  .meta({ id: 'CreateIntegrationRequest' });
export type CreateIntegrationInput = z.infer<typeof CreateIntegrationBody>;

export const IntegrationIdParams = z.strictObject({ id: z.string().min(1).max(100) });

const CheckOutcome = z.object({ result: z.enum(['passed', 'failed', 'skipped']), error: z.string().optional() }).meta({ id: 'IntegrationCheck' });
const CheckNames = z.enum(['assume_role', 'token_exchange', ...STORAGE_CHECKS]);
const Checks = z.partialRecord(CheckNames, CheckOutcome).meta({
  description: 'Each step tried, by name (the credential step, then list, write, read and delete of a probe object under the prefix)',
});

export const VerificationResult = z
  .object({ ok: z.boolean(), checked_at: Timestamp, error: z.string().nullable(), checks: Checks })
  .meta({ id: 'IntegrationVerification' });

const Policy = z.record(z.string(), z.unknown());

export const Integration = z
  .object({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    auth: z.enum(['role', 'sas_token', 'keyless', 'service_account_key']),
    bucket: z.string().optional(),
    region: z.string().optional(),
    prefix: z.string().optional(),
    role_arn: z.string().optional(),
    external_id: z.string().optional().meta({ description: 'aws_s3: the external id our AssumeRole carries (per integration)' }),
    trust_policy: Policy.optional().meta({ description: "aws_s3: the trust policy to put on the role" }),
    permissions_policy: Policy.optional().meta({ description: 'aws_s3: the permissions the role needs on the bucket' }),
    account_name: z.string().optional(),
    container: z.string().optional(),
    workload_identity_provider: z.string().optional(),
    service_account_email: z.string().optional(),
    project_id: z.string().optional(),
    setup: z.object({ principal_set: z.string(), commands: z.array(z.string()) }).optional().meta({ description: 'gcp_gcs keyless: the grants to make' }),
    credential_expires_at: Timestamp.nullable().meta({ description: "azure_blob: the SAS token's expiry (se)" }),
    credential_expiring_soon: z.boolean().meta({ description: 'The credential expires within 7 days: renew it' }),
    created_at: Timestamp,
    created_by: z.string(),
    last_verified_at: Timestamp.nullable(),
    ok: z.boolean().nullable(),
    checks: Checks.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'Integration' });

export const IntegrationList = listOf(Integration, 'IntegrationList');
