import { SupportTeamChange, TeamIdParams, TransferAdminBody } from '../../shared/api/support';
import { items, route } from '../../shared/http/route';

export const supportTransferAdminRoute = route({
  operationId: 'supportTransferAdmin',
  method: 'POST',
  path: '/support/teams/{team_id}/admin',
  handler: 'support/transfer-admin',
  auth: 'support',
  grants: { table: items(['GetItem', 'PutItem', 'UpdateItem'], ['user', 'team'], { queriesIndex: true }) },
  summary: 'Make a member the admin; the old admin becomes manager',
  tags: ['support'],
  errors: [409],
  schemas: { params: TeamIdParams, body: TransferAdminBody, responses: { 200: SupportTeamChange } },
});
