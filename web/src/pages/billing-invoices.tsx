import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { ProblemText } from '../ui/controls';
import { money, when } from '../ui/format';
import { Pager, usePaged } from '../ui/pager';
import { api } from '../session';

/** The team's invoices, newest period first, each with its document. */
export function InvoicesSection() {
  const list = usePaged((query) => api.GET('/v1/billing/invoices', { params: { query } }));
  return (
    <section aria-labelledby="invoices">
      <h2 id="invoices">Invoices</h2>
      <ProblemText problem={list.problem} />
      {list.items?.length === 0 && <p>No invoices yet: the first is issued when a month with finished tasks closes.</p>}
      {list.items && list.items.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Period</th><th scope="col">Tasks finished</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Issued</th><th scope="col">Document</th></tr>
          </thead>
          <tbody>
            {list.items.map((invoice) => (
              <tr key={invoice.id}>
                <td>{invoice.period}</td>
                <td>{invoice.tasks_finished}</td>
                <td>{money(invoice.amount)}</td>
                <td>{invoice.status}</td>
                <td>{when(invoice.issued_at)}</td>
                <td><DocumentButton invoice={invoice} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager list={list} label="Invoices" />
    </section>
  );
}

/**
 * The invoice's printable HTML page, saved as a file. The document route
 * needs the bearer token, so it is fetched through the client; it is then
 * handed over as a download rather than shown here, because the
 * dashboard's CSP (style-src 'self', no frames of other origins) would
 * strip the document's own inline style in an iframe, a srcdoc or a blob
 * window — all of which inherit it — while a saved file opens as printed.
 */
function DocumentButton({ invoice }: { invoice: Schemas['Invoice'] }) {
  const action = useAction();
  const download = () =>
    void action.run(async () => {
      const html = await ok(api.GET('/v1/billing/invoices/{id}/document', { params: { path: { id: invoice.id } }, parseAs: 'text' }));
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `refonte-invoice-${invoice.period}-${invoice.id}.html`;
      a.click();
      // The click has started the download; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    });
  return (
    <span class="action">
      <button type="button" onClick={download} disabled={action.busy}>Download invoice {invoice.period}</button>
      <ProblemText problem={action.problem} />
    </span>
  );
}
