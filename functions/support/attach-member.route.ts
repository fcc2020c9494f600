import { AttachMemberBody, SupportTeamChange, TeamIdParams } from '../../shared/api/support';
import { items, route } from '../../shared/http/route';

export const supportAttachMemberRoute = route({
  operationId: 'supportAttachMember',
  method: 'POST',
  path: '/support/teams/{team_id}/members',
  handler: 'support/attach-member',
  auth: 'support',
  // Closing a team (its sole member attached elsewhere) reads its API keys and deletes their lookup items.
  grants: {
    table: items(['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'], ['emailClaim', 'user', 'team', 'apiKeyLookup'], {
      queriesIndex: true,
    }),
  },
  summary: 'Move an account that signed up on its own into this team',
  tags: ['support'],
  errors: [404, 409],
  schemas: { params: TeamIdParams, body: AttachMemberBody, responses: { 200: SupportTeamChange } },
});
