import { listMembersRoute } from './list-members.route';
import { presentMember } from '../../shared/api/presenters';
import { listMembers } from '../../shared/db/memberships';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(listMembersRoute, async ({ caller, query }) => {
  const page = await listMembers(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map(presentMember), next_token: page.nextToken } };
});
