import type { CreateIntegrationInput } from '../../api/integrations';
import { createIntegrationSteps } from '../../db/integrations';
import { actorStillAllowedSteps } from '../../db/memberships';
import { retryOnContention } from '../../db/retry-on-contention';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { newId } from '../../domain/ids';
import { newExternalId, permissionsPolicy, trustPolicy } from '../../domain/integrations/aws-access';
import { gcpKeylessSetup } from '../../domain/integrations/gcp-setup';
import type { IntegrationConfig, IntegrationRecord } from '../../domain/integrations/integration';
import { parseWorkloadIdentityProvider } from '../../domain/integrations/storage-names';
import { requireEnv } from '../../config';
import { logger } from '../../powertools';
import { scheduleIntegrationCredentialDeletion, storeIntegrationCredential } from '../../secrets/integration-credentials';

/** The platform's AWS role: the principal customers trust (a stack output). */
const PLATFORM_ROLE_ARN = requireEnv('INTEGRATION_ROLE_ARN');

type Settings = Pick<IntegrationRecord, 'auth' | 'config' | 'credential_expires_at'> & { credential: string | null };

/** What each kind of input becomes: settings and grants to show, and the credential to keep secret. */
function settingsOf(input: CreateIntegrationInput): Settings {
  switch (input.provider) {
    case 'aws_s3': {
      const prefix = input.prefix ?? '';
      const externalId = newExternalId();
      const config: IntegrationConfig = {
        bucket: input.bucket,
        region: input.region,
        prefix,
        role_arn: input.role_arn,
        external_id: externalId,
        trust_policy: trustPolicy(PLATFORM_ROLE_ARN, externalId),
        permissions_policy: permissionsPolicy(input.bucket, prefix),
      };
      return { auth: 'role', config, credential_expires_at: null, credential: null };
    }
    case 'azure_blob':
      return {
        auth: 'sas_token',
        config: { account_name: input.account_name, container: input.container },
        credential_expires_at: input.sas_token.expiresAt,
        credential: input.sas_token.token,
      };
    case 'gcp_gcs': {
      if (input.service_account_key) {
        const key = input.service_account_key;
        return {
          auth: 'service_account_key',
          config: { bucket: input.bucket, service_account_email: key.client_email, project_id: key.project_id },
          credential_expires_at: null,
          credential: JSON.stringify(key),
        };
      }
      const provider = parseWorkloadIdentityProvider(input.workload_identity_provider!)!;
      const email = input.service_account_email!;
      return {
        auth: 'keyless',
        config: {
          bucket: input.bucket,
          workload_identity_provider: provider.name,
          service_account_email: email,
          setup: gcpKeylessSetup(PLATFORM_ROLE_ARN, provider, email, input.bucket),
        },
        credential_expires_at: null,
        credential: null,
      };
    }
  }
}

/**
 * Connect a team's cloud storage (manager+, checked by the route).
 *
 * 1. From the validated input: the settings and grants to show (AWS: a new
 *    external id, the trust policy naming our platform role, the bucket
 *    policy; Google keyless: the gcloud commands), and the credential, if any.
 * 2. Store the credential in its own secret. Refused → nothing else written.
 * 3. In one transaction: count it under the team's cap (open team only),
 *    write the item, re-check the caller, write `integration.created`.
 * 4. If the transaction is refused, schedule the orphan secret's deletion.
 */
export async function createIntegration(actor: TeamActor, input: CreateIntegrationInput): Promise<IntegrationRecord> {
  const now = new Date().toISOString();
  const { credential, ...settings } = settingsOf(input);
  const integration: IntegrationRecord = {
    id: newId('intg', Date.parse(now)),
    team_id: actor.teamId,
    provider: input.provider,
    ...settings,
    has_secret: credential !== null,
    created_at: now,
    created_by: actor.audit.id,
    verification: null,
  };
  if (credential !== null) await storeIntegrationCredential(actor.teamId, integration.id, integration.provider, credential);
  try {
    await retryOnContention(() => transact([...actorStillAllowedSteps(actor, 'integrations.manage'), ...createIntegrationSteps(integration, actor.audit)]));
  } catch (error) {
    if (credential !== null) {
      await scheduleIntegrationCredentialDeletion(actor.teamId, integration.id).catch((cleanup: unknown) =>
        logger.error('Could not delete the credential of an integration that was never created', { integrationId: integration.id, error: String(cleanup) }),
      );
    }
    throw error;
  }
  return integration;
}
