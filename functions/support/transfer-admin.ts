import { supportTransferAdminRoute } from './transfer-admin.route';
import { presentSupportTeamChange } from '../../shared/api/presenters';
import { defineOperation } from '../../shared/http/operation';
import { transferAdmin } from '../../shared/use-cases/support/transfer-admin';

export const handler = defineOperation(supportTransferAdminRoute, async ({ caller, params, body }) => {
  const change = await transferAdmin(caller.audit, params.team_id, body);
  return { status: 200, body: presentSupportTeamChange(change) };
});
