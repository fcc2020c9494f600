import { supportCloseBillingPeriodRoute } from './close-billing-period.route';
import { defineOperation } from '../../shared/http/operation';
import { closeBillingPeriod } from '../../shared/use-cases/billing/close-period';

export const handler = defineOperation(supportCloseBillingPeriodRoute, async ({ caller, body }) => {
  return { status: 200, body: await closeBillingPeriod(body.period, caller.audit) };
});
