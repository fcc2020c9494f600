import { PageSizes, PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { InvoiceRecord } from '../db/invoices';
import { invoiceFacts, invoiceTitle } from './invoice-document';

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 56;
const BODY_SIZE = 11;
const LINE = 18;
const LABEL_WIDTH = 80;
/** Right edges of the two number columns (tasks, amount): numbers align on their last digit. */
const NUMBER_COLUMNS = [PAGE_WIDTH - MARGIN - 120, PAGE_WIDTH - MARGIN];

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * The standard PDF fonts encode WinAnsi only, and pdf-lib throws on
 * anything else — but a team name is the customer's own text (any script,
 * emoji, control characters). Characters the font cannot draw become `?`,
 * so no name can turn a download into a 500.
 */
function drawable(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return Array.from(text, (c) => (supported.has(c.codePointAt(0)!) && c >= ' ' ? c : '?')).join('');
}

/** Cut with an ellipsis to fit `width`: a long name must not run off the page or into the next column. */
function fitted(font: PDFFont, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, BODY_SIZE) <= width) return text;
  let cut = text;
  while (cut && font.widthOfTextAtSize(`${cut}…`, BODY_SIZE) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Draws top-down, starting a new page when the next line would cross the bottom margin. */
class Cursor {
  page!: PDFPage;
  y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  /** Moves down a line, onto a new page (first drawing `continueWith` there) when this one is full. */
  nextLine(height = LINE, continueWith?: () => void): void {
    if (this.y - height < MARGIN) {
      this.newPage();
      continueWith?.();
    }
    this.y -= height;
  }

  text(text: string, x: number, opts: { bold?: boolean; size?: number; alignRight?: boolean; maxWidth?: number } = {}): void {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const size = opts.size ?? BODY_SIZE;
    let safe = drawable(font, text);
    if (opts.maxWidth) safe = fitted(font, safe, opts.maxWidth);
    const left = opts.alignRight ? x - font.widthOfTextAtSize(safe, size) : x;
    this.page.drawText(safe, { x: left, y: this.y, size, font });
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 5 }, end: { x: PAGE_WIDTH - MARGIN, y: this.y - 5 }, thickness: 0.5 });
  }
}

/**
 * The invoice as a PDF (A4, the standard Helvetica fonts, nothing
 * embedded): the same facts as the HTML page, with the invoice's title as
 * the document's Title and its issue time as its dates — the same invoice
 * renders to the same bytes. A table longer than a page continues on the
 * next, under its header again.
 */
export async function renderInvoicePdf(invoice: InvoiceRecord, teamName: string): Promise<Uint8Array> {
  const facts = invoiceFacts(invoice, teamName);
  // No automatic metadata: pdf-lib would stamp "now" and its own name.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const issued = new Date(invoice.issued_at);
  doc.setTitle(invoiceTitle(invoice));
  doc.setAuthor('Refonte AI');
  doc.setProducer('Refonte Accounts');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };

  const row = (cursor: Cursor, cells: readonly string[], bold = false) => {
    cursor.text(cells[0]!, MARGIN, { bold, maxWidth: NUMBER_COLUMNS[0]! - MARGIN - 100 });
    cells.slice(1).forEach((cell, i) => cursor.text(cell, NUMBER_COLUMNS[i]!, { bold, alignRight: true }));
    cursor.rule();
  };
  const cursor = new Cursor(doc, fonts);
  // On a new page, the table's header comes first again.
  const header = () => {
    cursor.nextLine();
    row(cursor, facts.columns, true);
  };

  cursor.nextLine(22);
  cursor.text('Invoice', MARGIN, { bold: true, size: 22 });
  cursor.nextLine(LINE + 4);
  cursor.text('Refonte AI', MARGIN);
  cursor.nextLine(LINE / 2);
  for (const [label, value] of facts.fields) {
    cursor.nextLine();
    cursor.text(label, MARGIN, { bold: true });
    cursor.text(value, MARGIN + LABEL_WIDTH, { maxWidth: PAGE_WIDTH - 2 * MARGIN - LABEL_WIDTH });
  }
  cursor.nextLine();
  header();
  for (const cells of [...facts.rows, facts.total]) {
    cursor.nextLine(LINE, header);
    row(cursor, cells, cells === facts.total);
  }
  return doc.save({ useObjectStreams: false });
}
