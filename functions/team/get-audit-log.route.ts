import { ListQuery } from '../../shared/api/common';
import { AuditLog } from '../../shared/api/team';
import { items, route } from '../../shared/http/route';

export const getAuditLogRoute = route({
  operationId: 'getAuditLog',
  method: 'GET',
  path: '/v1/team/audit-log',
  handler: 'team/get-audit-log',
  auth: 'user',
  permission: 'audit.read',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team']) },
  summary: "The team's audit log, newest first",
  tags: ['team'],
  schemas: { query: ListQuery, responses: { 200: AuditLog } },
});
