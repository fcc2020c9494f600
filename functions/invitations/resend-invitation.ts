import { resendInvitationRoute } from './resend-invitation.route';
import { presentInvitation } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { resendInvitation } from '../../shared/use-cases/invitations/resend-invitation';

export const handler = defineOperation(resendInvitationRoute, async ({ caller, params }) => {
  const invitation = await resendInvitation(caller, params.id);
  return { status: 200, body: presentInvitation(invitation) };
});
