import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../clients/secrets-manager';
import { requireEnv } from '../config';
import type { Provider } from '../domain/integrations/integration';

/**
 * An integration's credential (an Azure SAS token, a Google key file) lives
 * in Secrets Manager only, one secret per integration, named
 * `refonte/<stage>/integrations/<team>/<integration id>` and tagged with
 * team, integration and provider. It is never returned, logged or put in an
 * error; the table only says that there is one.
 */
const PREFIX = requireEnv('SECRETS_PREFIX');

/** Deleted credentials stay recoverable this long (Secrets Manager's minimum). */
const RECOVERY_DAYS = 7;

export function integrationSecretName(teamId: string, integrationId: string): string {
  return `${PREFIX}integrations/${teamId}/${integrationId}`;
}

export async function storeIntegrationCredential(teamId: string, integrationId: string, provider: Provider, credential: string): Promise<void> {
  await secretsManager.send(
    new CreateSecretCommand({
      Name: integrationSecretName(teamId, integrationId),
      SecretString: credential,
      Description: `Refonte ${provider} integration ${integrationId} of team ${teamId}`,
      Tags: [
        { Key: 'team', Value: teamId },
        { Key: 'integration', Value: integrationId },
        { Key: 'provider', Value: provider },
      ],
    }),
  );
}

/** The credential; an absent secret is an error here (the item says there is one). */
export async function readIntegrationCredential(teamId: string, integrationId: string): Promise<string> {
  const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: integrationSecretName(teamId, integrationId) }));
  if (SecretString === undefined) throw new Error(`The credential of integration ${integrationId} is empty`);
  return SecretString;
}

/** Schedules the credential's deletion; one already gone is fine. */
export async function scheduleIntegrationCredentialDeletion(teamId: string, integrationId: string): Promise<void> {
  await secretsManager
    .send(new DeleteSecretCommand({ SecretId: integrationSecretName(teamId, integrationId), RecoveryWindowInDays: RECOVERY_DAYS }))
    .catch((error: Error) => {
      if (error.name !== 'ResourceNotFoundException') throw error;
    });
}
