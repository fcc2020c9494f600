import { revokeInvitationRoute } from './revoke-invitation.route';
import { defineOperation } from '../../shared/http/operation';
import { revokeInvitation } from '../../shared/use-cases/invitations/revoke-invitation';

export const handler = defineOperation(revokeInvitationRoute, async ({ caller, params }) => {
  await revokeInvitation(caller, params.id);
  return { status: 204 };
});
