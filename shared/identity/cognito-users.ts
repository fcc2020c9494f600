import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  UsernameExistsException,
  UserNotFoundException,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { cognito } from '../clients/cognito';
import { requireEnv } from '../config';
import { UnauthenticatedError, ValidationError } from '../errors';

const USER_POOL_ID = requireEnv('USER_POOL_ID');
const CLIENT_ID = requireEnv('USER_POOL_CLIENT_ID');

/**
 * The user pool as our API uses it: accounts are created by the API only,
 * keyed by the normalised email, and stay disabled until the email is
 * verified, so not even a direct Cognito sign-in works before that.
 */

/** Creates the Cognito user, or returns the existing one's `sub` (a retry after a half-finished signup). */
export async function ensureIdentity(email: string): Promise<{ sub: string; created: boolean }> {
  try {
    const { User } = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: USER_POOL_ID,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    return { sub: subOf(User?.Attributes), created: true };
  } catch (error) {
    // Our email rule is meant to be at least as strict as Cognito's; should
    // they ever disagree, the address is bad input, not a server fault.
    if (error instanceof InvalidParameterException) throw new ValidationError('This email address cannot be used for an account.');
    if (!(error instanceof UsernameExistsException)) throw error;
    const existing = await cognito.send(new AdminGetUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
    return { sub: subOf(existing.UserAttributes), created: false };
  }
}

function subOf(attributes: { Name?: string; Value?: string }[] | undefined): string {
  const sub = attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error('Cognito user has no sub attribute');
  return sub;
}

/** Deletes the identity; one already gone is fine. */
export async function deleteIdentity(email: string): Promise<void> {
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
  } catch (error) {
    if (!(error instanceof UserNotFoundException)) throw error;
  }
}

/** No sign-in until enabled again. */
export async function disableIdentity(email: string): Promise<void> {
  await cognito.send(new AdminDisableUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
}

/** Sets the password and keeps the user disabled until the email is verified. */
export async function activatePendingIdentity(email: string, password: string): Promise<void> {
  await disableIdentity(email);
  await setPassword(email, password);
}

/**
 * Sets a permanent password. Our policy check runs first, so a refusal here
 * means Cognito's own rules (its password pattern, or the pool's policy)
 * are stricter than ours somewhere: still the caller's bad input, a 400.
 */
export async function setPassword(email: string, password: string): Promise<void> {
  try {
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: USER_POOL_ID, Username: email, Password: password, Permanent: true }),
    );
  } catch (error) {
    if (error instanceof InvalidPasswordException || error instanceof InvalidParameterException) {
      throw new ValidationError('The password does not meet the password policy.', [
        { location: 'body', path: 'password', message: 'refused by the password policy' },
      ]);
    }
    throw error;
  }
}

/** Revokes every refresh token the user holds (and the access tokens issued with them). */
export async function signOutEverywhere(email: string): Promise<void> {
  await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: USER_POOL_ID, Username: email }));
}

/** Marks the email verified and lets the user sign in. Idempotent. */
export async function enableVerifiedIdentity(email: string): Promise<void> {
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: USER_POOL_ID,
      Username: email,
      UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
    }),
  );
  await cognito.send(new AdminEnableUserCommand({ UserPoolId: USER_POOL_ID, Username: email }));
}

export interface IssuedTokens {
  id_token: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

function toTokens(result: AuthenticationResultType | undefined): IssuedTokens {
  if (!result?.IdToken || !result.AccessToken) throw new UnauthenticatedError();
  return {
    id_token: result.IdToken,
    access_token: result.AccessToken,
    refresh_token: result.RefreshToken,
    expires_in: result.ExpiresIn ?? 3600,
  };
}

/** Wrong password, unknown email and unverified (disabled) account all look alike to the caller. */
async function authenticate(flow: 'ADMIN_USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH', params: Record<string, string>) {
  try {
    const { AuthenticationResult, ChallengeName } = await cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: USER_POOL_ID, ClientId: CLIENT_ID, AuthFlow: flow, AuthParameters: params }),
    );
    if (ChallengeName) throw new UnauthenticatedError('Sign-in needs a step this API does not support.');
    return toTokens(AuthenticationResult);
  } catch (error) {
    // Cognito's parameter pattern refuses some passwords (an inner line break) before checking them: bad input.
    if (flow === 'ADMIN_USER_PASSWORD_AUTH' && error instanceof InvalidParameterException) {
      throw new ValidationError('This email and password cannot be used to sign in.');
    }
    if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException || isUnusableRefreshToken(flow, error)) {
      throw new UnauthenticatedError(
        flow === 'REFRESH_TOKEN_AUTH'
          ? 'The refresh token is invalid or expired.'
          : 'Wrong email or password, or the email address is not verified yet.',
      );
    }
    throw error;
  }
}

/**
 * Cognito answers a refresh token it cannot parse with NotAuthorized; the
 * local emulator fails on one with a bare 500 instead. A refresh token that
 * makes the identity provider fail is still the caller's bad credential:
 * refusing it (401) sends the client back to sign-in, where a real outage
 * shows as one.
 */
function isUnusableRefreshToken(flow: string, error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return flow === 'REFRESH_TOKEN_AUTH' && (status === 500 || error instanceof SyntaxError || error instanceof InvalidParameterException);
}

/**
 * The `sub` of an id token Cognito has just issued to us (read, not
 * verified: it comes straight from Cognito over TLS, never from a client).
 */
export function subOfIdToken(idToken: string): string {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
  if (typeof payload.sub !== 'string') throw new Error('Cognito id token has no sub');
  return payload.sub;
}

/** A password sign-in always starts a session: Cognito issues its refresh token with it. */
export async function signIn(email: string, password: string): Promise<IssuedTokens & { refresh_token: string }> {
  const tokens = await authenticate('ADMIN_USER_PASSWORD_AUTH', { USERNAME: email, PASSWORD: password });
  if (!tokens.refresh_token) throw new Error('Cognito issued no refresh token for a password sign-in');
  return { ...tokens, refresh_token: tokens.refresh_token };
}

export function refreshSession(refreshToken: string): Promise<IssuedTokens> {
  return authenticate('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken });
}
