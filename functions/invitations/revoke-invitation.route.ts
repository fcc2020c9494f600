import { InvitationIdParams } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const revokeInvitationRoute = route({
  operationId: 'revokeInvitation',
  method: 'DELETE',
  path: '/v1/team/invitations/{id}',
  handler: 'invitations/revoke-invitation',
  auth: 'user',
  permission: 'invitations.manage',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], ['user', 'team']) },
  summary: 'Revoke a pending invitation',
  tags: ['invitations'],
  errors: [409],
  schemas: { params: InvitationIdParams, responses: { 204: null } },
});
