import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { findApiKeyByHash, lastUsedIsStale, touchApiKeyLastUsed } from '../shared/db/api-key-lookup';
import { hashToken } from '../shared/domain/tokens';
import { parseAuthorization } from '../shared/http/credentials';
import { verifyUserToken } from '../shared/identity/token-verifier';
import { principalToContext, type Principal } from '../shared/http/principal';
import { logger } from '../shared/powertools';

/**
 * The one REQUEST authorizer. It authenticates only — a Cognito JWT (id or
 * access token) or an API key (one GetItem by hash) — and yields the
 * principal. What the principal may do is decided per request by the http
 * layer, so API Gateway may cache this answer (≤ 60 s) without caching any
 * role.
 */
async function authenticate(header: string | undefined): Promise<Principal | null> {
  const credential = parseAuthorization(header);
  if (credential.kind === 'jwt') {
    const userId = await verifyUserToken(credential.token);
    return userId ? { type: 'user', userId } : null;
  }
  if (credential.kind === 'api_key') {
    const keyHash = hashToken(credential.key);
    const key = await findApiKeyByHash(keyHash);
    if (!key) return null;
    const { lastUsedAt, ...identity } = key;
    const now = new Date();
    // At most once a minute per key (the lookup just read says when it last moved); never fails the request.
    if (lastUsedIsStale(lastUsedAt, now)) {
      await touchApiKeyLastUsed(keyHash, now).catch((error: unknown) => logger.warn('Could not record an API key use', error as Error));
    }
    return { type: 'api_key', ...identity };
  }
  return null;
}

/** Allows every method of this stage, so one cached answer serves all routes. */
function stageWildcard(methodArn: string): string {
  const [arn, stage] = methodArn.split('/');
  return `${arn}/${stage}/*/*`;
}

/**
 * API Gateway reads an error whose message is exactly "Unauthorized" as 401;
 * any other error is the AUTHORIZER_FAILURE gateway response (503
 * `unavailable`). A dependency failure — signing keys, DynamoDB — is
 * logged as an error (it alarms) and never passed off as a bad credential.
 */
export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const headers = event.headers ?? {};
  const header = headers.Authorization ?? headers.authorization;
  let principal: Principal | null;
  try {
    principal = await authenticate(header);
  } catch (error) {
    logger.error('Authentication dependency failed', error as Error);
    throw new Error('Authentication is unavailable', { cause: error });
  }
  if (!principal) {
    logger.info('Authentication refused', { reason: header ? 'invalid credentials' : 'no credentials' });
    // API Gateway turns exactly this message into its 401 (the UNAUTHORIZED gateway response).
    throw new Error('Unauthorized');
  }
  return {
    principalId: principal.type === 'user' ? principal.userId : principal.type === 'api_key' ? principal.keyId : principal.id,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) }],
    },
    context: principalToContext(principal),
  };
}
