import { Invitation, InvitationIdParams } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const resendInvitationRoute = route({
  operationId: 'resendInvitation',
  method: 'POST',
  path: '/v1/team/invitations/{id}/resend',
  handler: 'invitations/resend-invitation',
  auth: 'user',
  permission: 'invitations.manage',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team', 'invitationToken']), email: true },
  summary: 'Send a pending invitation again with a new token and expiry',
  tags: ['invitations'],
  errors: [409],
  schemas: { params: InvitationIdParams, responses: { 200: Invitation } },
});
