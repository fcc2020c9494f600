import { getIntegration, recordVerificationSteps } from '../../db/integrations';
import { actorStillAllowedSteps } from '../../db/memberships';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import type { IntegrationRecord } from '../../domain/integrations/integration';
import { summarize, type Checks, type Verification } from '../../domain/integrations/verification';
import { NotFoundError } from '../../errors';
import { readIntegrationCredential } from '../../secrets/integration-credentials';

/** The AWS region our platform role signs Google's token exchange in (the function's own). */
const REGION = process.env.AWS_REGION ?? 'us-east-1';

/**
 * Each provider's SDK (S3 and STS, Azure's, Google's) is most of this
 * function's code, and one verification needs one of them: each is imported
 * on first use — a chunk of its own beside the handler (see bundleOptions) —
 * so a cold start loads none, and an S3 verification never loads Google's.
 */
const platformSession = () => import('../../storage-probes/platform-session');
const s3Probe = () => Promise.all([import('../../storage-probes/aws-s3'), import('../../clients/s3'), import('../../clients/sts'), platformSession()]);
const azureProbe = () => import('../../storage-probes/azure-blob');
const gcsProbe = () => Promise.all([import('../../storage-probes/gcs'), import('../../clients/google-storage')]);

/** Runs the provider's checks with the integration's credential (read from its secret, never kept). */
async function runChecks(integration: IntegrationRecord): Promise<Checks> {
  const c = integration.config;
  switch (integration.auth) {
    case 'role': {
      const [{ checkS3 }, { s3ClientWith }, { stsClientWith }, { platformCredentials }] = await s3Probe();
      return checkS3(
        { integrationId: integration.id, bucket: c.bucket!, region: c.region!, prefix: c.prefix ?? '', roleArn: c.role_arn!, externalId: c.external_id! },
        { platformCredentials, sts: stsClientWith, s3: s3ClientWith },
      );
    }
    case 'sas_token': {
      const [sasToken, { checkAzureBlob }] = await Promise.all([readIntegrationCredential(integration.team_id, integration.id), azureProbe()]);
      return checkAzureBlob({ accountName: c.account_name!, container: c.container!, sasToken });
    }
    case 'keyless': {
      // Keyless only: the platform role's session signs Google's token exchange; a key file needs none.
      const [[{ checkGcs }, { federatedAuthClient }], { platformCredentials }] = await Promise.all([gcsProbe(), platformSession()]);
      const auth = federatedAuthClient({
        providerName: c.workload_identity_provider!,
        serviceAccountEmail: c.service_account_email!,
        region: REGION,
        credentials: platformCredentials,
      });
      return checkGcs({ bucket: c.bucket!, serviceAccountEmail: c.service_account_email!, keyless: true }, auth);
    }
    case 'service_account_key': {
      const [credential, [{ checkGcs }, { keyAuthClient }]] = await Promise.all([readIntegrationCredential(integration.team_id, integration.id), gcsProbe()]);
      const key = JSON.parse(credential);
      return checkGcs({ bucket: c.bucket!, serviceAccountEmail: c.service_account_email!, keyless: false }, keyAuthClient(key));
    }
  }
}

/**
 * Verify that the platform can use a team's storage (manager+).
 *
 * 1. Read it in the caller's team: unknown or another team's → 404.
 * 2. Run the provider's checks — the credential step (assume the role,
 *    exchange the federated token), then list, write, read and delete a
 *    probe object — each on its own, all within 10 s. Every host is
 *    platform-fixed; a failure is a result (ok: false), not an error.
 * 3. In one transaction: store the result on the integration (still
 *    there: else 404), re-check the caller, write `integration.verified`.
 */
export async function verifyIntegration(actor: TeamActor, integrationId: string): Promise<Verification> {
  const integration = await getIntegration(actor.teamId, integrationId);
  if (!integration) throw new NotFoundError('integration');
  const verification = summarize(await runChecks(integration), new Date().toISOString());
  await transact([...actorStillAllowedSteps(actor, 'integrations.manage'), ...recordVerificationSteps(integration, verification, actor.audit)]);
  return verification;
}
