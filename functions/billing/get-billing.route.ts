import { Billing } from '../../shared/api/billing';
import { items, route } from '../../shared/http/route';

export const getBillingRoute = route({
  operationId: 'getBilling',
  method: 'GET',
  path: '/v1/billing',
  handler: 'billing/get-billing',
  auth: 'user',
  permission: 'billing.read',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team', 'usage']) },
  summary: 'Plan, lifetime and current-month usage, recent invoices, payment method',
  tags: ['billing'],
  schemas: { responses: { 200: Billing } },
});
