import { countSignInFailure, refuseLockedSignIn } from '../../db/client-counters';
import { findUserIdByEmail } from '../../db/email-claims';
import { normalizeEmail } from '../../domain/email';
import { userIdFromSub } from '../../domain/ids';
import { UnauthenticatedError } from '../../errors';
import { signIn, subOfIdToken, type IssuedTokens } from '../../identity/cognito-users';

/**
 * Sign in with email and password.
 *
 * 1. An address with 10 failed sign-ins in the current 15-minute window is
 *    refused (429), whatever the password: guessing must not pay.
 * 2. Cognito checks the password (unknown address, wrong password and
 *    unverified account all look alike: 401).
 * 3. The identity Cognito signed in must be the account our email claim
 *    names for that address. Cognito resolves the address through the
 *    user's `email` attribute; should that ever be rewritten outside our
 *    API (the app client may not write it), the address still signs in to
 *    its owner's account or to nothing.
 * 4. A refusal counts as a failure of that address (one conditional write);
 *    the one beyond the limit is already 429.
 */
export async function signInWithPassword(rawEmail: string, password: string): Promise<IssuedTokens & { refresh_token: string }> {
  const email = normalizeEmail(rawEmail);
  await refuseLockedSignIn(email);
  try {
    const tokens = await signIn(email, password);
    if ((await findUserIdByEmail(email)) !== userIdFromSub(subOfIdToken(tokens.id_token))) throw new UnauthenticatedError();
    return tokens;
  } catch (error) {
    if (error instanceof UnauthenticatedError) await countSignInFailure(email);
    throw error;
  }
}
