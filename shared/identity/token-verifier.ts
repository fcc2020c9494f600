import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError, JwksValidationError } from 'aws-jwt-verify/error';
import { requireEnv } from '../config';
import { UnavailableError } from '../errors';
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

/**
 * The signing keys could not be had (fetch failed, or what came back is no
 * JWKS): an outage of ours, not a bad token. It must be loud — logged as an
 * error and answered 5xx — never a silent 401 that sends every user back to
 * sign in.
 */
export class SigningKeysUnavailableError extends UnavailableError {
  constructor(cause: unknown) {
    super();
    this.cause = cause;
    this.name = 'SigningKeysUnavailableError';
  }
}

function isKeysFailure(error: unknown): boolean {
  return error instanceof FetchError || error instanceof JwksValidationError || error instanceof JwksNotAvailableInCacheError;
}

/** The user id a valid token belongs to; null for any invalid token; throws when the keys are unavailable. */
export async function verifyUserToken(token: string): Promise<string | null> {
  try {
    await jwksReady;
  } catch (error) {
    throw new SigningKeysUnavailableError(error);
  }
  try {
    const payload = await verifier.verify(token);
    return userIdFromSub(payload.sub);
  } catch (error) {
    if (isKeysFailure(error)) throw new SigningKeysUnavailableError(error);
    return null;
  }
}
