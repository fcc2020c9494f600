import { getBillingRoute } from './get-billing.route';
import { presentBilling } from '../../shared/api/billing-presenters';
import { defineOperation } from '../../shared/http/operation';
import { readBilling } from '../../shared/use-cases/billing/read-billing';

export const handler = defineOperation(getBillingRoute, async ({ caller }) => {
  return { status: 200, body: presentBilling(await readBilling(caller.teamId)) };
});
