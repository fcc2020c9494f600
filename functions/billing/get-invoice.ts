import { getInvoiceRoute } from './get-invoice.route';
import { presentInvoice } from '../../shared/api/billing-presenters';
import { defineOperation } from '../../shared/http/operation';
import { readInvoice } from '../../shared/use-cases/billing/read-billing';

export const handler = defineOperation(getInvoiceRoute, async ({ caller, params }) => {
  return { status: 200, body: presentInvoice(await readInvoice(caller.teamId, params.id)) };
});
