import { ClosePeriodBody, ClosePeriodResult } from '../../shared/api/support';
import { CLOSE_BILLING_PERIOD_GRANTS } from '../../shared/http/billing-grants';
import { route } from '../../shared/http/route';

export const supportCloseBillingPeriodRoute = route({
  operationId: 'supportCloseBillingPeriod',
  method: 'POST',
  path: '/support/billing/close-period',
  handler: 'support/close-billing-period',
  auth: 'support',
  grants: CLOSE_BILLING_PERIOD_GRANTS,
  summary: 'Issue one invoice per team with usage not yet invoiced up to the end of that month (what the monthly schedule runs)',
  tags: ['support'],
  schemas: { body: ClosePeriodBody, responses: { 200: ClosePeriodResult } },
});
