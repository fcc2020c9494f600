import { timingSafeEqual } from 'node:crypto';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManager } from '../clients/secrets-manager';
import { logger } from '../powertools';

/** Read once per container and kept this long: a request through the edge costs no Secrets Manager call. */
const CACHE_SECONDS = 300;

let provider: SecretsProvider | undefined;

/**
 * Whether `presented` is the edge secret (EDGE_SECRET_NAME). Any failure to
 * read it answers no — the caller then counts the connection's address, as
 * for any direct client — and is logged, never thrown: a header anyone can
 * send must not be able to turn into a 500.
 */
export async function isEdgeSecret(presented: string): Promise<boolean> {
  const name = process.env.EDGE_SECRET_NAME;
  if (!name) return false;
  provider ??= new SecretsProvider({ awsSdkV3Client: secretsManager });
  let secret: string | undefined;
  try {
    secret = (await provider.get(name, { maxAge: CACHE_SECONDS })) as string | undefined;
  } catch (error) {
    logger.warn('edge secret unreadable: counting the connection address', { error: (error as Error).name });
    return false;
  }
  if (!secret) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(secret)];
  return a.length === b.length && timingSafeEqual(a, b);
}
