import { removeMemberRoute } from './remove-member.route';
import { defineOperation } from '../../shared/http/operation';
import { removeMember } from '../../shared/use-cases/team/remove-member';

export const handler = defineOperation(removeMemberRoute, async ({ caller, params }) => {
  await removeMember(caller, params.user_id);
  return { status: 204 };
});
