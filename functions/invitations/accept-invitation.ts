import { routes } from '../routes';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { UnauthenticatedError } from '../../shared/errors';
import { parseAuthorization } from '../../shared/http/credentials';
import { definePublicOperation } from '../../shared/http/public-operation';
import { verifyUserToken } from '../../shared/identity/token-verifier';
import { acceptInvitation } from '../../shared/use-cases/invitations/accept-invitation';

export const handler = definePublicOperation(routes.acceptInvitation, async ({ body, event }) => {
  const signedInUserId = await optionalSignedInUser(event.headers?.authorization);
  const { user, team } = await acceptInvitation(body, signedInUserId);
  return { status: 201, body: { user: presentUser(user), team: presentTeam(team) } };
});

/**
 * The route is public (a new invitee has no account), so API Gateway runs no
 * authorizer: a user token, when sent, is verified here. A credential that is
 * sent but not a valid user token is refused rather than ignored.
 */
async function optionalSignedInUser(header: string | undefined): Promise<string | null> {
  if (!header) return null;
  const credential = parseAuthorization(header);
  const userId = credential.kind === 'jwt' ? await verifyUserToken(credential.token) : null;
  if (!userId) throw new UnauthenticatedError('The Authorization header is not a valid user token: sign in again, or send none.');
  return userId;
}
