import { AcceptedInvitation, AcceptInvitationBody } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const acceptInvitationRoute = route({
  operationId: 'acceptInvitation',
  method: 'POST',
  path: '/v1/invitations/accept',
  handler: 'invitations/accept-invitation',
  auth: 'public',
  limitPerClient: true,
  grants: { table: items(
      ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
      ['emailClaim', 'invitationToken', 'team', 'user', 'unverifiedAccounts'],
    ), userPool: ['AdminCreateUser', 'AdminGetUser', 'AdminDisableUser', 'AdminSetUserPassword', 'AdminUpdateUserAttributes', 'AdminEnableUser'], verifiesTokens: true },
  summary: 'Accept an invitation: create the account, or join with an existing one',
  tags: ['invitations'],
  errors: [401, 403, 404, 409, 410],
  schemas: { body: AcceptInvitationBody, responses: { 201: AcceptedInvitation } },
});
