import { InvoiceList } from '../../shared/api/billing';
import { ListQuery } from '../../shared/api/common';
import { items, route } from '../../shared/http/route';

export const listInvoicesRoute = route({
  operationId: 'listInvoices',
  method: 'GET',
  path: '/v1/billing/invoices',
  handler: 'billing/list-invoices',
  auth: 'user',
  permission: 'billing.read',
  grants: { table: items(['GetItem', 'Query'], ['user', 'team']) },
  summary: "The team's invoices, newest period first",
  tags: ['billing'],
  schemas: { query: ListQuery, responses: { 200: InvoiceList } },
});
