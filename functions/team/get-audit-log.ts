import { getAuditLogRoute } from './get-audit-log.route';
import { presentAuditEvent } from '../../shared/api/presenters';
import { listAuditEvents } from '../../shared/db/audit-events';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(getAuditLogRoute, async ({ caller, query }) => {
  const page = await listAuditEvents(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map(presentAuditEvent), next_token: page.nextToken } };
});
