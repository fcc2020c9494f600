import { InvitationPreview, InvitationTokenParams } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const previewInvitationRoute = route({
  operationId: 'previewInvitation',
  method: 'GET',
  path: '/v1/invitations/{token}',
  handler: 'invitations/preview-invitation',
  auth: 'public',
  limitPerClient: true,
  grants: { table: items(['GetItem'], ['invitationToken', 'team']) },
  summary: 'What an invitation token invites to',
  tags: ['invitations'],
  errors: [410],
  schemas: { params: InvitationTokenParams, responses: { 200: InvitationPreview } },
});
