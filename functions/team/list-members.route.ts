import { ListQuery } from '../../shared/api/common';
import { MemberList } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const listMembersRoute = route({
  operationId: 'listMembers',
  method: 'GET',
  path: '/v1/team/members',
  handler: 'team/list-members',
  auth: 'user',
  permission: 'team.read',
  grants: { table: items(['GetItem'], ['user'], { queriesIndex: true }) },
  summary: "The team's members, in joining order",
  tags: ['team'],
  schemas: { query: ListQuery, responses: { 200: MemberList } },
});
