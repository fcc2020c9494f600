import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { requireEnv } from '../config';
import { userIdFromSub } from '../domain/ids';

/**
 * Verifies Cognito ID and access tokens of our user pool and client. Used by
 * the authorizer and by the one public route that optionally takes a user
 * token (accepting an invitation with an existing account).
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

/** The user id a valid token belongs to, or null for any invalid token. */
export async function verifyUserToken(token: string): Promise<string | null> {
  await jwksReady;
  try {
    const payload = await verifier.verify(token);
    return userIdFromSub(payload.sub);
  } catch {
    return null;
  }
}
