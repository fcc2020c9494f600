import { readLifetimeUsage, readMonthUsage } from '../../db/billing-usage';
import { getInvoice, listInvoices, periodOfInvoiceId, type InvoiceRecord } from '../../db/invoices';
import { getPaymentMethod, type PaymentMethodRecord } from '../../db/payment-methods';
import { getTeam } from '../../db/teams';
import type { Plan, Usage } from '../../domain/billing';
import { periodBounds, periodOf, type Period } from '../../domain/billing-periods';
import { NotFoundError } from '../../errors';

const RECENT_INVOICES = 3;

export interface BillingOverview {
  plan: Plan;
  lifetime: Usage;
  current: { period: Period; start: string; end: string; usage: Usage };
  recentInvoices: InvoiceRecord[];
  paymentMethod: PaymentMethodRecord | null;
}

/**
 * The billing tab: plan, lifetime totals (the sum of the usage shards),
 * this month's usage so far, the latest invoices and the payment method —
 * independent reads, side by side.
 */
export async function readBilling(teamId: string, now = new Date()): Promise<BillingOverview> {
  const period = periodOf(now);
  const [team, lifetime, usage, invoices, paymentMethod] = await Promise.all([
    getTeam(teamId),
    readLifetimeUsage(teamId),
    readMonthUsage(teamId, period),
    listInvoices(teamId, RECENT_INVOICES),
    getPaymentMethod(teamId),
  ]);
  if (!team) throw new NotFoundError('team');
  return {
    plan: team.plan ?? 'on_demand',
    lifetime,
    current: { period, ...periodBounds(period), usage },
    recentInvoices: invoices.items,
    paymentMethod,
  };
}

/** One of the caller's team's invoices; any other id (another team's, malformed) is 404. */
export async function readInvoice(teamId: string, invoiceId: string): Promise<InvoiceRecord> {
  const period = periodOfInvoiceId(invoiceId);
  const invoice = period ? await getInvoice(teamId, period) : null;
  if (!invoice || invoice.id !== invoiceId) throw new NotFoundError('invoice');
  return invoice;
}
