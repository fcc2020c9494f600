import { getUser } from '../db/users';
import { UnauthenticatedError } from '../errors';
import { verifyUserToken } from '../identity/token-verifier';
import { parseAuthorization } from './credentials';
import { issuedBeforeRevocation, tokenIssuedAt } from './token-age';

/**
 * A user token sent to a public route (which API Gateway runs no authorizer
 * for), held to what the authorizer and the http layer hold every user
 * token to: a valid signature, an account we know, and issued after the
 * account last signed out everywhere. None sent → null; one sent but not
 * good → 401, rather than ignored.
 */
export async function optionalSignedInUser(header: string | undefined): Promise<string | null> {
  if (!header) return null;
  const refused = () => new UnauthenticatedError('The Authorization header is not a valid user token: sign in again, or send none.');
  const credential = parseAuthorization(header);
  const userId = credential.kind === 'jwt' ? await verifyUserToken(credential.token) : null;
  if (!userId) throw refused();
  const user = await getUser(userId);
  if (!user || issuedBeforeRevocation(tokenIssuedAt(header), user.sessions_revoked_at)) throw refused();
  return userId;
}
