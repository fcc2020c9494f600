import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { secretsManager } from '../clients/secrets-manager';
import { requireEnv } from '../config';
import type { KeyEnvironment } from '../domain/api-keys';

/**
 * API key values live in Secrets Manager, one secret per key, named
 * `refonte/<stage>/api-keys/<team>/<key id>` and tagged with team and
 * environment. The table holds only the key's SHA-256 (for the authorizer)
 * and its metadata; reading the value back (reveal) is this module's.
 */
const PREFIX = requireEnv('SECRETS_PREFIX');

/** Deleted secrets stay recoverable this long (Secrets Manager's minimum is 7). */
export const SECRET_RECOVERY_DAYS = 7;

export function apiKeySecretName(teamId: string, keyId: string): string {
  return `${PREFIX}api-keys/${teamId}/${keyId}`;
}

export async function createApiKeySecret(teamId: string, keyId: string, environment: KeyEnvironment, key: string): Promise<void> {
  await secretsManager.send(
    new CreateSecretCommand({
      Name: apiKeySecretName(teamId, keyId),
      SecretString: key,
      Description: `Refonte API key ${keyId} (${environment}) of team ${teamId}`,
      Tags: [
        { Key: 'team', Value: teamId },
        { Key: 'environment', Value: environment },
      ],
    }),
  );
}

export async function readApiKeySecret(teamId: string, keyId: string): Promise<string | null> {
  try {
    const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: apiKeySecretName(teamId, keyId) }));
    return SecretString ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return null;
    throw error;
  }
}

/** Schedules the secret's deletion (recoverable for SECRET_RECOVERY_DAYS); an absent secret is fine. */
export async function scheduleApiKeySecretDeletion(teamId: string, keyId: string): Promise<void> {
  try {
    await secretsManager.send(
      new DeleteSecretCommand({ SecretId: apiKeySecretName(teamId, keyId), RecoveryWindowInDays: SECRET_RECOVERY_DAYS }),
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return;
    throw error;
  }
}
