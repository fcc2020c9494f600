import { routes } from '../routes';
import { presentInvitationPreview } from '../../shared/api/presenters';
import { definePublicOperation } from '../../shared/http/public-operation';
import { previewInvitation } from '../../shared/use-cases/invitations/preview-invitation';

export const handler = definePublicOperation(routes.previewInvitation, async ({ params }) => {
  const { invitation, team } = await previewInvitation(params.token);
  return { status: 200, body: presentInvitationPreview(invitation, team) };
});
