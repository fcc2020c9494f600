import { createInvitationRoute } from './create-invitation.route';
import { presentInvitation } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { createInvitation } from '../../shared/use-cases/invitations/create-invitation';

export const handler = defineOperation(createInvitationRoute, async ({ caller, body }) => {
  const invitation = await createInvitation(caller, body);
  return { status: 201, body: presentInvitation(invitation) };
});
