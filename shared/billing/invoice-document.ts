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

/**
 * The invoice as a printable, self-contained HTML page: no script, no
 * external resource (the response's CSP forbids both), every value
 * escaped — a team name is the customer's own text.
 */
export function invoiceHtml(invoice: InvoiceRecord, teamName: string): string {
  const rows = invoice.line_items
    .map(
      (l) =>
        `<tr><td>${escapeHtml(typeLabel(l.task_type))}</td><td class="n">${l.tasks_finished}</td><td class="n">${escapeHtml(formatMoney(l.amount.amount))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${escapeHtml(invoice.id)} — Refonte AI</title>
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
<dt>Invoice</dt><dd>${escapeHtml(invoice.id)}</dd>
<dt>Team</dt><dd>${escapeHtml(teamName)}</dd>
<dt>Period</dt><dd>${escapeHtml(invoice.period)} (${periodDays(invoice.period)}, UTC)</dd>
<dt>Issued</dt><dd>${escapeHtml(invoice.issued_at)}</dd>
<dt>Status</dt><dd>${escapeHtml(invoice.status)}</dd>
</dl>
<table>
<thead><tr><th>Task type</th><th class="n">Tasks finished</th><th class="n">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td>Total (USD)</td><td class="n">${invoice.tasks_finished}</td><td class="n">${escapeHtml(formatMoney(invoice.amount))}</td></tr></tfoot>
</table>
</body>
</html>
`;
}
