import { Invoice, InvoiceIdParams } from '../../shared/api/billing';
import { items, route } from '../../shared/http/route';

export const getInvoiceRoute = route({
  operationId: 'getInvoice',
  method: 'GET',
  path: '/v1/billing/invoices/{id}',
  handler: 'billing/get-invoice',
  auth: 'user',
  permission: 'billing.read',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: 'One invoice, with its line items per task type',
  tags: ['billing'],
  schemas: { params: InvoiceIdParams, responses: { 200: Invoice } },
});
