import { s3ClientWith } from '../../clients/s3';
import { stsClientWith } from '../../clients/sts';
import { federatedAuthClient, keyAuthClient } from '../../clients/google-storage';
import { getIntegration, recordVerificationSteps } from '../../db/integrations';
import { actorStillAllowedSteps } from '../../db/memberships';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import type { IntegrationRecord } from '../../domain/integrations/integration';
import { summarize, type Checks, type Verification } from '../../domain/integrations/verification';
import { NotFoundError } from '../../errors';
import { readIntegrationCredential } from '../../secrets/integration-credentials';
import { checkS3 } from '../../storage-probes/aws-s3';
import { checkAzureBlob } from '../../storage-probes/azure-blob';
import { checkGcs } from '../../storage-probes/gcs';
import { platformCredentials } from '../../storage-probes/platform-session';

/** The AWS region our platform role signs Google's token exchange in (the function's own). */
const REGION = process.env.AWS_REGION ?? 'us-east-1';

/** Runs the provider's checks with the integration's credential (read from its secret, never kept). */
async function runChecks(integration: IntegrationRecord): Promise<Checks> {
  const c = integration.config;
  switch (integration.auth) {
    case 'role':
      return checkS3(
        { integrationId: integration.id, bucket: c.bucket!, region: c.region!, prefix: c.prefix ?? '', roleArn: c.role_arn!, externalId: c.external_id! },
        { platformCredentials, sts: stsClientWith, s3: s3ClientWith },
      );
    case 'sas_token': {
      const sasToken = await readIntegrationCredential(integration.team_id, integration.id);
      return checkAzureBlob({ accountName: c.account_name!, container: c.container!, sasToken });
    }
    case 'keyless': {
      const auth = federatedAuthClient({
        providerName: c.workload_identity_provider!,
        serviceAccountEmail: c.service_account_email!,
        region: REGION,
        credentials: platformCredentials,
      });
      return checkGcs({ bucket: c.bucket!, serviceAccountEmail: c.service_account_email!, keyless: true }, auth);
    }
    case 'service_account_key': {
      const key = JSON.parse(await readIntegrationCredential(integration.team_id, integration.id));
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
