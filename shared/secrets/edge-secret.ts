import { timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManager } from '../clients/secrets-manager';
import { logger } from '../powertools';

/** Read once per container and kept this long: a request through the edge costs no Secrets Manager call. */
const CACHE_SECONDS = 300;
/** A read that takes longer is given up: the request goes on, counted by its connection. */
const READ_TIMEOUT_MS = 1_000;
/** After a failed read, this long before the next try: anyone can send the header, each must not cost a call. */
const RETRY_AFTER_FAILURE_MS = 10_000;

let provider: SecretsProvider | undefined;
let unreadableUntil = 0;

/**
 * Whether `presented` is the edge secret (EDGE_SECRET_NAME). Any failure to
 * read it — missing, denied, slow — answers no (the caller then counts the
 * connection's address, as for any direct client), is logged once per
 * failure window and never thrown: a header anyone can send must not be able
 * to turn into a 500, or into a Secrets Manager call per request.
 */
export async function isEdgeSecret(presented: string): Promise<boolean> {
  const name = process.env.EDGE_SECRET_NAME;
  if (!name || Date.now() < unreadableUntil) return false;
  provider ??= new SecretsProvider({ awsSdkV3Client: secretsManager });
  const abandon = new AbortController();
  let secret: string | undefined;
  try {
    const read = provider.get(name, { maxAge: CACHE_SECONDS }) as Promise<string | undefined>;
    const timedOut = delay(READ_TIMEOUT_MS, undefined, { signal: abandon.signal }).then(() => {
      throw new Error(`no answer in ${READ_TIMEOUT_MS} ms`);
    });
    secret = await Promise.race([read, timedOut]);
  } catch (error) {
    unreadableUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
    logger.warn('edge secret unreadable: counting the connection address', { error: (error as Error).name, reason: (error as Error).message });
    return false;
  } finally {
    abandon.abort();
  }
  if (!secret) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(secret)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Tests only: forget a failure window. */
export function resetEdgeSecretState(): void {
  unreadableUntil = 0;
}
