import { InvoiceDocument, InvoiceIdParams } from '../../shared/api/billing';
import { items, route } from '../../shared/http/route';

export const getInvoiceDocumentRoute = route({
  operationId: 'getInvoiceDocument',
  method: 'GET',
  path: '/v1/billing/invoices/{id}/document',
  handler: 'billing/get-invoice-document',
  auth: 'user',
  permission: 'billing.read',
  grants: { table: items(['GetItem'], ['user', 'team']) },
  summary: 'The invoice as a printable HTML page (text/html) or a PDF (Accept: application/pdf)',
  errors: [406],
  tags: ['billing'],
  // pdf-lib is loaded by the first PDF asked for, from a chunk beside the handler.
  codeSplitting: true,
  schemas: { params: InvoiceIdParams, responses: { 200: InvoiceDocument }, responseMediaType: ['text/html', 'application/pdf'] },
});
