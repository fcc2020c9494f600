import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../shared/billing/invoice-pdf';
import { invoiceIdFor, type InvoiceRecord } from '../../shared/db/invoices';
import { money } from '../../shared/domain/billing';
import { pdfPageTexts } from '../support/pdf-text';

const invoice: InvoiceRecord = {
  id: invoiceIdFor('2026-11', '01jcz3k4m5n6p7q8r9s0t1v2w3'),
  team_id: 'team_a',
  period: '2026-11',
  tasks_finished: 1240,
  amount: 12000,
  line_items: [
    { task_type: 'categorization', tasks_finished: 1000, amount: money(6000) },
    { task_type: 'image_annotation', tasks_finished: 240, amount: money(6000) },
  ],
  status: 'issued',
  issued_at: '2026-12-01T00:15:02.118Z',
  email_status: 'not_applicable',
};

describe('invoice PDF', () => {
  it('is one A4 page titled for the invoice, dated when it was issued', async () => {
    const bytes = await renderInvoicePdf(invoice, 'Engines Ltd');
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
    expect(doc.getTitle()).toBe(`Invoice ${invoice.id} — Refonte AI`);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-12-01T00:15:02.000Z');
  });

  it('shows what the HTML page shows: team, period, issue date, a line per task type and the total', async () => {
    const [page] = await pdfPageTexts(await renderInvoicePdf(invoice, 'Engines Ltd'));
    expect(page).toEqual(
      expect.arrayContaining([
        'Invoice',
        'Refonte AI',
        invoice.id,
        'Engines Ltd',
        '2026-11 (2026-11-01 to 2026-11-30, UTC)',
        '2026-12-01T00:15:02.118Z',
        'categorization',
        '1000',
        '$60.00',
        'image annotation',
        '240',
        'Total (USD)',
        '1240',
        '$120.00',
      ]),
    );
    // Rows in the order of the invoice's lines, the total last.
    expect(page!.indexOf('categorization')).toBeLessThan(page!.indexOf('image annotation'));
    expect(page!.at(-1)).toBe('$120.00');
  });

  it('renders the same invoice to the same bytes', async () => {
    expect(Buffer.from(await renderInvoicePdf(invoice, 'Engines Ltd')).equals(Buffer.from(await renderInvoicePdf(invoice, 'Engines Ltd')))).toBe(
      true,
    );
  });

  it('draws any team name: what the font cannot encode becomes ?, a long name is cut to fit', async () => {
    const [page] = await pdfPageTexts(await renderInvoicePdf(invoice, 'Équipe 東京 🚀\nBill & <Co>'));
    expect(page).toContain('Équipe ?? ??Bill & <Co>');
    const [long] = await pdfPageTexts(await renderInvoicePdf(invoice, 'W'.repeat(200)));
    const drawn = long!.find((t) => t.startsWith('WWW'))!;
    expect(drawn.endsWith('…')).toBe(true);
    expect(drawn.length).toBeLessThan(200);
  });

  it('continues a long table on further pages, under its header again', async () => {
    const many: InvoiceRecord = {
      ...invoice,
      line_items: Array.from({ length: 60 }, (_, i) => ({ task_type: `labeling_${i}`, tasks_finished: 1, amount: money(1) })),
    };
    const pages = await pdfPageTexts(await renderInvoicePdf(many, 'Engines Ltd'));
    expect(pages.length).toBe(2);
    for (const page of pages) expect(page).toContain('Task type');
    const rows = pages.flat().filter((t) => t.startsWith('labeling '));
    expect(rows).toHaveLength(60);
    expect(pages[1]!.at(-1)).toBe('$120.00');
  });
});
