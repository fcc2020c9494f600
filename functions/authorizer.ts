import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { requireEnv } from '../shared/config';
import { findApiKeyByHash } from '../shared/db/api-key-lookup';
import { userIdFromSub } from '../shared/domain/ids';
import { hashToken } from '../shared/domain/tokens';
import { parseAuthorization } from '../shared/http/credentials';
import { principalToContext, type Principal } from '../shared/http/principal';
import { logger } from '../shared/powertools';

/**
 * The one REQUEST authorizer. It authenticates only — a Cognito JWT (id or
 * access token) or an API key (one GetItem by hash) — and yields the
 * principal. What the principal may do is decided per request by the http
 * layer, so API Gateway may cache this answer (≤ 60 s) without caching any
 * role.
 */
const verifier = CognitoJwtVerifier.create({
  userPoolId: requireEnv('USER_POOL_ID'),
  clientId: requireEnv('USER_POOL_CLIENT_ID'),
  tokenUse: null,
});

// Where the signing keys come from is configuration: in AWS the verifier
// fetches the issuer's JWKS; the local stack points this at the emulator's.
const jwksReady = process.env.COGNITO_JWKS_URI
  ? fetch(process.env.COGNITO_JWKS_URI)
      .then((r) => r.json())
      .then((jwks) => verifier.cacheJwks(jwks as Parameters<typeof verifier.cacheJwks>[0]))
  : Promise.resolve();

async function authenticate(header: string | undefined): Promise<Principal | null> {
  const credential = parseAuthorization(header);
  if (credential.kind === 'jwt') {
    await jwksReady;
    try {
      const payload = await verifier.verify(credential.token);
      return { type: 'user', userId: userIdFromSub(payload.sub) };
    } catch {
      return null;
    }
  }
  if (credential.kind === 'api_key') {
    const key = await findApiKeyByHash(hashToken(credential.key));
    return key ? { type: 'api_key', ...key } : null;
  }
  return null;
}

/** Allows every method of this stage, so one cached answer serves all routes. */
function stageWildcard(methodArn: string): string {
  const [arn, stage] = methodArn.split('/');
  return `${arn}/${stage}/*/*`;
}

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const headers = event.headers ?? {};
  const header = headers.Authorization ?? headers.authorization;
  const principal = await authenticate(header);
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
