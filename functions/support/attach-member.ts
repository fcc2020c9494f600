import { supportAttachMemberRoute } from './attach-member.route';
import { presentSupportTeamChange } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { attachMember } from '../../shared/use-cases/support/attach-member';

export const handler = defineOperation(supportAttachMemberRoute, async ({ caller, params, body }) => {
  const change = await attachMember(caller.audit, params.team_id, body);
  return { status: 200, body: presentSupportTeamChange(change) };
});
