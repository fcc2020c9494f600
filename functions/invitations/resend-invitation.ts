import { routes } from '../routes';
import { presentInvitation } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { resendInvitation } from '../../shared/use-cases/invitations/resend-invitation';

export const handler = defineOperation(routes.resendInvitation, async ({ caller, params }) => {
  const invitation = await resendInvitation(caller, params.id);
  return { status: 200, body: presentInvitation(invitation) };
});
