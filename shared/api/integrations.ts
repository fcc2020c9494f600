import * as z from 'zod/mini';
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
    .check(
      z.maxLength(2048),
      z.superRefine((value, ctx) => {
        const found = problem(value);
        if (found) ctx.addIssue({ code: 'custom', message: found });
      }),
    )
    .register(z.globalRegistry, { description, example });

const AwsS3Input = z.strictObject({
  provider: z.literal('aws_s3'),
  bucket: named(s3BucketProblem, 'S3 bucket name', 'acme-labels'),
  region: named(awsRegionProblem, "The bucket's AWS region", 'eu-west-3'),
  prefix: z.optional(named(keyPrefixProblem, 'Key prefix the platform may use (default: the whole bucket)', 'refonte/')),
  role_arn: named(roleArnProblem, 'The IAM role we assume (it must trust the returned trust_policy)', 'arn:aws:iam::123456789012:role/refonte-access'),
});

const AzureBlobInput = z.strictObject({
  provider: z.literal('azure_blob'),
  account_name: named(azureAccountProblem, 'Storage account name', 'acmelabels'),
  container: named(azureContainerProblem, 'Blob container name', 'labels'),
  sas_token: z
    .pipe(
      z.string().check(z.maxLength(4096)),
      z.transform((value: string, ctx) => {
        const parsed = parseSasToken(value);
        if (parsed.ok) return parsed;
        ctx.issues.push({ code: 'custom', message: `the SAS token ${parsed.problem}`, input: value });
        return z.NEVER;
      }),
    )
    .register(z.globalRegistry, { description: 'A container SAS token with r, w (or c), d and l permissions (stored as a secret, never returned)' }),
});

const KeyFile = z
  .pipe(
    z.union([z.string().check(z.maxLength(16 * 1024)), z.record(z.string(), z.unknown())]),
    z.transform((value: string | Record<string, unknown>, ctx) => {
      const parsed = parseServiceAccountKey(value);
      if (parsed.ok) return parsed.key;
      for (const { field, problem } of parsed.problems) {
        ctx.issues.push({ code: 'custom', message: problem, path: field ? [field] : [], input: value });
      }
      return z.NEVER;
    }),
  )
  .register(z.globalRegistry, { description: "The service account key file's JSON, as text or object (stored as a secret, never returned)" });

const GcpGcsInput = z
  .strictObject({
    provider: z.literal('gcp_gcs'),
    bucket: named(gcsBucketProblem, 'Cloud Storage bucket name', 'acme-labels'),
    workload_identity_provider: z.optional(
      named(
        (value) => (parseWorkloadIdentityProvider(value) ? null : 'must be projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>'),
        "Keyless: the workload identity provider's full resource name",
        'projects/123456789012/locations/global/workloadIdentityPools/refonte/providers/refonte-aws',
      ),
    ),
    service_account_email: z.optional(named(serviceAccountEmailProblem, 'Keyless: the service account we impersonate', 'refonte@acme-labels.iam.gserviceaccount.com')),
    service_account_key: z.optional(KeyFile),
  })
  .check(
    z.superRefine((body, ctx) => {
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
    }),
  );

export const CreateIntegrationBody = z
  .discriminatedUnion('provider', [AwsS3Input, AzureBlobInput, GcpGcsInput]).register(z.globalRegistry, { id: 'CreateIntegrationRequest' });
export type CreateIntegrationInput = z.infer<typeof CreateIntegrationBody>;

export const IntegrationIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });

const CheckOutcome = z.object({ result: z.enum(['passed', 'failed', 'skipped']), error: z.optional(z.string()) }).register(z.globalRegistry, { id: 'IntegrationCheck' });
const CheckNames = z.enum(['assume_role', 'token_exchange', ...STORAGE_CHECKS]);
const Checks = z.partialRecord(CheckNames, CheckOutcome).register(z.globalRegistry, {
  description: 'Each step tried, by name (the credential step, then list, write, read and delete of a probe object under the prefix)',
});

export const VerificationResult = z
  .object({ ok: z.boolean(), checked_at: Timestamp, error: z.nullable(z.string()), checks: Checks }).register(z.globalRegistry, { id: 'IntegrationVerification' });

const Policy = z.record(z.string(), z.unknown());

export const Integration = z
  .object({
    id: z.string(),
    provider: z.enum(PROVIDERS),
    auth: z.enum(['role', 'sas_token', 'keyless', 'service_account_key']),
    bucket: z.optional(z.string()),
    region: z.optional(z.string()),
    prefix: z.optional(z.string()),
    role_arn: z.optional(z.string()),
    external_id: z.optional(z.string()).register(z.globalRegistry, { description: 'aws_s3: the external id our AssumeRole carries (per integration)' }),
    trust_policy: z.optional(Policy).register(z.globalRegistry, { description: "aws_s3: the trust policy to put on the role" }),
    permissions_policy: z.optional(Policy).register(z.globalRegistry, { description: 'aws_s3: the permissions the role needs on the bucket' }),
    account_name: z.optional(z.string()),
    container: z.optional(z.string()),
    workload_identity_provider: z.optional(z.string()),
    service_account_email: z.optional(z.string()),
    project_id: z.optional(z.string()),
    setup: z.optional(z.object({ principal_set: z.string(), commands: z.array(z.string()) })).register(z.globalRegistry, { description: 'gcp_gcs keyless: the grants to make' }),
    credential_expires_at: z.nullable(Timestamp).register(z.globalRegistry, { description: "azure_blob: the SAS token's expiry (se)" }),
    credential_expiring_soon: z.boolean().register(z.globalRegistry, { description: 'The credential expires within 7 days: renew it' }),
    created_at: Timestamp,
    created_by: z.string(),
    last_verified_at: z.nullable(Timestamp),
    ok: z.nullable(z.boolean()),
    checks: z.nullable(Checks),
    error: z.nullable(z.string()),
  }).register(z.globalRegistry, { id: 'Integration' });

export const IntegrationList = listOf(Integration, 'IntegrationList');
