import { CreateInvitationBody, Invitation } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const createInvitationRoute = route({
  operationId: 'createInvitation',
  method: 'POST',
  path: '/v1/team/invitations',
  handler: 'invitations/create-invitation',
  auth: 'user',
  permission: 'invitations.manage',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team', 'emailClaim', 'invitationToken']), email: true },
  summary: 'Invite someone by email as member or manager',
  tags: ['invitations'],
  errors: [409],
  schemas: { body: CreateInvitationBody, responses: { 201: Invitation } },
});
