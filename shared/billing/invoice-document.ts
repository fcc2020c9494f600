import { formatMoney } from '../domain/billing';
import { periodBounds } from '../domain/billing-periods';
import type { InvoiceRecord } from '../db/invoices';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const typeLabel = (type: string) => type.replace(/_/g, ' ');

/** `2026-11-01 to 2026-11-30`: the period's days as people read them (both ends included, UTC). */
function periodDays(period: string): string {
  const { start, end } = periodBounds(period);
  return `${start.slice(0, 10)} to ${new Date(Date.parse(end) - 1).toISOString().slice(0, 10)}`;
}

/** The lines an invoice shows, as text: the document, the email's text part and its HTML part say the same. */
export function invoiceSummaryLines(invoice: InvoiceRecord): string[] {
  return [
    `Invoice ${invoice.id}`,
    `Period: ${invoice.period} (${periodDays(invoice.period)}, UTC)`,
    `Issued: ${invoice.issued_at}`,
    ...invoice.line_items.map((l) => `${typeLabel(l.task_type)}: ${l.tasks_finished} tasks, ${formatMoney(l.amount.amount)}`),
    `Total: ${invoice.tasks_finished} tasks, ${formatMoney(invoice.amount)} (USD)`,
  ];
}

/** What an invoice document shows, whatever its format: the HTML page and the PDF say the same. */
export interface InvoiceFacts {
  /** Label and value, in reading order. */
  fields: [label: string, value: string][];
  columns: [string, string, string];
  /** One row per task type: label, tasks finished, amount. */
  rows: [string, string, string][];
  total: [string, string, string];
}

export function invoiceFacts(invoice: InvoiceRecord, teamName: string): InvoiceFacts {
  return {
    fields: [
      ['Invoice', invoice.id],
      ['Team', teamName],
      ['Period', `${invoice.period} (${periodDays(invoice.period)}, UTC)`],
      ['Issued', invoice.issued_at],
      ['Status', invoice.status],
    ],
    columns: ['Task type', 'Tasks finished', 'Amount'],
    rows: invoice.line_items.map((l) => [typeLabel(l.task_type), String(l.tasks_finished), formatMoney(l.amount.amount)]),
    total: ['Total (USD)', String(invoice.tasks_finished), formatMoney(invoice.amount)],
  };
}

/** The document's title (the HTML `<title>`, the PDF's Title). */
export const invoiceTitle = (invoice: InvoiceRecord) => `Invoice ${invoice.id} — Refonte AI`;

const cells = (row: readonly string[], tag: 'td' | 'th') =>
  row.map((cell, i) => `<${tag}${i > 0 ? ' class="n"' : ''}>${escapeHtml(cell)}</${tag}>`).join('');

/**
 * The invoice as a printable, self-contained HTML page: no script, no
 * external resource (the response's CSP forbids both), every value
 * escaped — a team name is the customer's own text.
 */
export function invoiceHtml(invoice: InvoiceRecord, teamName: string): string {
  const facts = invoiceFacts(invoice, teamName);
  const fields = facts.fields.map(([label, value]) => `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
  const rows = facts.rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(invoiceTitle(invoice))}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;color:#111}
table{width:100%;border-collapse:collapse}th,td{padding:.4rem;border-bottom:1px solid #ccc;text-align:left}
.n{text-align:right}tfoot td{font-weight:bold}
@media print{body{margin:0}}
</style>
</head>
<body>
<h1>Invoice</h1>
<p>Refonte AI</p>
<dl>
${fields}
</dl>
<table>
<thead><tr>${cells(facts.columns, 'th')}</tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr>${cells(facts.total, 'td')}</tr></tfoot>
</table>
</body>
</html>
`;
}
