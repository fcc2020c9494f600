import { Health } from '../../shared/api/common';
import { route } from '../../shared/http/route';

export const healthRoute = route({
  operationId: 'health',
  method: 'GET',
  path: '/v1/health',
  handler: 'service/health',
  auth: 'public',
  grants: {},
  summary: 'Liveness check',
  tags: ['service'],
  schemas: { responses: { 200: Health } },
});
