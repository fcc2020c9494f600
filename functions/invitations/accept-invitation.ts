import { acceptInvitationRoute } from './accept-invitation.route';
import { presentTeam, presentUser } from '../../shared/api/presenters';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { optionalSignedInUser } from '../../shared/http/optional-user';
import { acceptInvitation } from '../../shared/use-cases/invitations/accept-invitation';

export const handler = defineClientLimitedOperation(acceptInvitationRoute, async ({ body, event }) => {
  // An existing account joins with its own (current) session; a new invitee sends none.
  const signedInUserId = await optionalSignedInUser(event.headers?.authorization);
  const { user, team } = await acceptInvitation(body, signedInUserId);
  return { status: 201, body: { user: presentUser(user), team: presentTeam(team) } };
});
