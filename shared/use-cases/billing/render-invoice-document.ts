import { getTeam } from '../../db/teams';
import { invoiceHtml } from '../../billing/invoice-document';
import { readInvoice } from './read-billing';

/**
 * One of the caller's team's invoices as a document, with the team's
 * current name on it. Its own module, apart from the other billing reads:
 * only the document function bundles the PDF renderer — and imports it on
 * the first PDF asked for (pdf-lib is most of the function's code; an HTML
 * request or a cold start never loads it).
 *
 * 1. Read the invoice (404 if it is not this team's) and the team.
 * 2. Render it as the HTML page or the PDF.
 */
export type InvoiceDocumentFormat = 'html' | 'pdf';

export async function renderInvoiceDocument(teamId: string, invoiceId: string, format: InvoiceDocumentFormat): Promise<string | Uint8Array> {
  const [invoice, team] = await Promise.all([readInvoice(teamId, invoiceId), getTeam(teamId)]);
  const teamName = team?.name ?? teamId;
  if (format === 'html') return invoiceHtml(invoice, teamName);
  const { renderInvoicePdf } = await import('../../billing/invoice-pdf');
  return renderInvoicePdf(invoice, teamName);
}
