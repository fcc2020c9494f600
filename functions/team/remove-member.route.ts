import { UserIdParams } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const removeMemberRoute = route({
  operationId: 'removeMember',
  method: 'DELETE',
  path: '/v1/team/members/{user_id}',
  handler: 'team/remove-member',
  auth: 'user',
  // Any member may remove themself (leave); removing someone else needs
  // members.manage, which the use case checks against the same matrix.
  permission: 'team.read',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team']) },
  summary: 'Remove a member, or leave the team',
  tags: ['team'],
  schemas: { params: UserIdParams, responses: { 204: null } },
});
