import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManager } from '../clients/secrets-manager';
import { requireEnv } from '../config';
import { KEY_ENVIRONMENTS, type KeyEnvironment } from '../domain/api-keys';
import { newSecretToken } from '../domain/tokens';

/**
 * Each team's callback auth keys, one secret per environment,
 * `refonte/<stage>/callback-auth-keys/<team>/<environment>`, holding JSON
 * `{current, previous, rotated_at}`: after a rotation the previous key stays
 * usable for dual signing for 24 h.
 *
 * Made for a team when its admin verifies the address (`provisionCallbackAuthKeys`:
 * the team becomes usable then, and never-verified sign-ups, swept after a
 * week, leave no secrets behind). Teams verified before keys were made that
 * way get theirs from the one-off, idempotent `npm run migrate --
 * callback-auth-keys`. A read that still finds none (a crash right after
 * verifying) creates it with the same conditional CreateSecret, so a team is
 * never without keys: of two concurrent creators one wins and the other
 * reads what was created.
 */
const PREFIX = requireEnv('SECRETS_PREFIX');

export const PREVIOUS_KEY_VALID_MS = 24 * 60 * 60 * 1000;

export interface CallbackAuthKeySecret {
  current: string;
  previous: string | null;
  rotated_at: string | null;
}

export function callbackAuthKeySecretName(teamId: string, environment: KeyEnvironment): string {
  return `${PREFIX}callback-auth-keys/${teamId}/${environment}`;
}

/** A callback auth key: random, URL-safe, 43 characters. */
export function newCallbackAuthKey(): string {
  return newSecretToken(32);
}

const isNamed = (error: unknown, name: string) => (error as Error | undefined)?.name === name;

async function read(teamId: string, environment: KeyEnvironment): Promise<CallbackAuthKeySecret | null> {
  try {
    const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: callbackAuthKeySecretName(teamId, environment) }));
    return SecretString ? (JSON.parse(SecretString) as CallbackAuthKeySecret) : null;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || isNamed(error, 'ResourceNotFoundException')) return null;
    throw error;
  }
}

/** Creates the key unless it exists; true when this call made it. */
async function createIfAbsent(teamId: string, environment: KeyEnvironment, fresh: CallbackAuthKeySecret): Promise<boolean> {
  try {
    await secretsManager.send(
      new CreateSecretCommand({
        Name: callbackAuthKeySecretName(teamId, environment),
        SecretString: JSON.stringify(fresh),
        Description: `Refonte callback auth key (${environment}) of team ${teamId}`,
        Tags: [
          { Key: 'team', Value: teamId },
          { Key: 'environment', Value: environment },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceExistsException || isNamed(error, 'ResourceExistsException')) return false;
    throw error;
  }
}

const freshKey = (): CallbackAuthKeySecret => ({ current: newCallbackAuthKey(), previous: null, rotated_at: null });

/**
 * Makes the team's live and test keys where missing (idempotent, no read):
 * how many this call created.
 */
export async function provisionCallbackAuthKeys(teamId: string): Promise<number> {
  const made = await Promise.all(KEY_ENVIRONMENTS.map((environment) => createIfAbsent(teamId, environment, freshKey())));
  return made.filter(Boolean).length;
}

/** The team's key for an environment (created here if a crash left it missing). */
export async function getOrCreateCallbackAuthKey(teamId: string, environment: KeyEnvironment): Promise<CallbackAuthKeySecret> {
  const found = await read(teamId, environment);
  if (found) return found;
  const fresh = freshKey();
  if (await createIfAbsent(teamId, environment, fresh)) return fresh;
  // Another request created it first: theirs is the key.
  const created = await read(teamId, environment);
  if (!created) throw new Error(`Callback auth key ${environment} of ${teamId} exists but cannot be read`);
  return created;
}

/** Replaces the current key, keeping the old one as `previous` (24 h of dual signing). */
export async function writeCallbackAuthKey(teamId: string, environment: KeyEnvironment, value: CallbackAuthKeySecret): Promise<void> {
  await secretsManager.send(
    new PutSecretValueCommand({ SecretId: callbackAuthKeySecretName(teamId, environment), SecretString: JSON.stringify(value) }),
  );
}

// ---------------------------------------------------------------- the callback sender's side

/** Sender-side reads are cached this long: never one Secrets Manager call per callback. */
export const SENDER_CACHE_SECONDS = 60;

let provider: SecretsProvider | undefined;

/**
 * The keys a callback is signed with: the current one, plus the previous one
 * for 24 h after a rotation. Read through Powertools Parameters with a short
 * cache, on the shared (traced) client — unless the team's rotation stamp
 * (`rotatedAt`, read with the task) is newer than the cached key: then the
 * key is fetched again, so a rotation holds from the very next callback.
 */
export async function callbackSigningKeys(teamId: string, environment: KeyEnvironment, now = new Date(), rotatedAt: string | null = null): Promise<string[]> {
  provider ??= new SecretsProvider({ awsSdkV3Client: secretsManager });
  const name = callbackAuthKeySecretName(teamId, environment);
  const get = async (forceFetch: boolean) => {
    try {
      return (await provider!.get(name, { maxAge: SENDER_CACHE_SECONDS, transform: 'json', forceFetch })) as CallbackAuthKeySecret | undefined;
    } catch (error) {
      if (!isNamed((error as { cause?: unknown }).cause, 'ResourceNotFoundException')) throw error;
      return undefined;
    }
  };
  let secret = await get(false);
  if (secret && rotatedAt && (!secret.rotated_at || secret.rotated_at < rotatedAt)) secret = await get(true);
  secret ??= await getOrCreateCallbackAuthKey(teamId, environment);
  const previousValid = secret.previous && secret.rotated_at && now.getTime() - Date.parse(secret.rotated_at) < PREVIOUS_KEY_VALID_MS;
  return previousValid ? [secret.current, secret.previous!] : [secret.current];
}
