import { getInvoiceDocumentRoute } from './get-invoice-document.route';
import { defineOperation } from '../../shared/http/operation';
import { readInvoiceDocument } from '../../shared/use-cases/billing/read-billing';

export const handler = defineOperation(getInvoiceDocumentRoute, async ({ caller, params }) => {
  return { status: 200, body: await readInvoiceDocument(caller.teamId, params.id), contentType: 'text/html; charset=utf-8' };
});
