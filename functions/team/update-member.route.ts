import { Member, PatchMemberBody, UserIdParams } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const updateMemberRoute = route({
  operationId: 'updateMember',
  method: 'PATCH',
  path: '/v1/team/members/{user_id}',
  handler: 'team/update-member',
  auth: 'user',
  permission: 'members.manage',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'], ['user', 'team']) },
  summary: "Change a member's role (member ↔ manager)",
  tags: ['team'],
  schemas: { params: UserIdParams, body: PatchMemberBody, responses: { 200: Member } },
});
