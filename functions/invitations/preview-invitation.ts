import { previewInvitationRoute } from './preview-invitation.route';
import { presentInvitationPreview } from '../../shared/api/presenters';
import { defineClientLimitedOperation } from '../../shared/http/client-limited-operation';
import { previewInvitation } from '../../shared/use-cases/invitations/preview-invitation';

export const handler = defineClientLimitedOperation(previewInvitationRoute, async ({ params }) => {
  const { invitation, team } = await previewInvitation(params.token);
  return { status: 200, body: presentInvitationPreview(invitation, team) };
});
