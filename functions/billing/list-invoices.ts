import { listInvoicesRoute } from './list-invoices.route';
import { presentInvoice } from '../../shared/api/billing-presenters';
import { listInvoices } from '../../shared/db/invoices';
import { defineOperation } from '../../shared/http/operation';

export const handler = defineOperation(listInvoicesRoute, async ({ caller, query }) => {
  const page = await listInvoices(caller.teamId, query.limit, query.next_token);
  return { status: 200, body: { items: page.items.map(presentInvoice), next_token: page.nextToken } };
});
