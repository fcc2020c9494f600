import { updateMemberRoute } from './update-member.route';
import { presentMember } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { changeMemberRole } from '../../shared/use-cases/team/change-member-role';

export const handler = defineOperation(updateMemberRoute, async ({ caller, params, body }) => {
  const member = await changeMemberRole(caller, params.user_id, body.role);
  return { status: 200, body: presentMember(member) };
});
