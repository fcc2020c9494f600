import { getInvoiceDocumentRoute } from './get-invoice-document.route';
import { negotiateMediaType } from '../../shared/http/accept';
import { defineOperation } from '../../shared/http/operation';
import { renderInvoiceDocument } from '../../shared/use-cases/billing/render-invoice-document';

const DOCUMENTS = {
  'text/html': { format: 'html', contentType: 'text/html; charset=utf-8' },
  'application/pdf': { format: 'pdf', contentType: 'application/pdf' },
} as const;

export const handler = defineOperation(getInvoiceDocumentRoute, async ({ caller, params, event }) => {
  const mediaType = negotiateMediaType(event.headers?.accept, getInvoiceDocumentRoute.schemas.responseMediaType);
  const { format, contentType } = DOCUMENTS[mediaType];
  const body = await renderInvoiceDocument(caller.teamId, params.id, format);
  // Caches must key on Accept: the same URL is HTML or PDF by it.
  return { status: 200, body, contentType, headers: { vary: 'accept' } };
});
