import { InvitationList, InvitationListQuery } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const listInvitationsRoute = route({
  operationId: 'listInvitations',
  method: 'GET',
  path: '/v1/team/invitations',
  handler: 'invitations/list-invitations',
  auth: 'user',
  permission: 'invitations.manage',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team']) },
  summary: "The team's invitations, newest first, optionally by status",
  tags: ['invitations'],
  schemas: { query: InvitationListQuery, responses: { 200: InvitationList } },
});
