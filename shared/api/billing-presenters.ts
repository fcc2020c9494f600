import type { InvoiceRecord } from '../db/invoices';
import type { PaymentMethodRecord } from '../db/payment-methods';
import { money } from '../domain/billing';
import type { BillingOverview } from '../use-cases/billing/read-billing';

/** Billing records → wire objects: money as cents + currency; the processor's token never leaves. */
export function presentInvoice(invoice: InvoiceRecord) {
  return {
    id: invoice.id,
    period: invoice.period,
    tasks_finished: invoice.tasks_finished,
    amount: money(invoice.amount),
    status: invoice.status,
    line_items: invoice.line_items,
    issued_at: invoice.issued_at,
  };
}

export function presentPaymentMethod(method: PaymentMethodRecord) {
  return {
    brand: method.brand,
    last_four: method.last_four,
    exp_month: method.exp_month,
    exp_year: method.exp_year,
    billing_email: method.billing_email,
    cardholder_name: method.cardholder_name,
    updated_at: method.updated_at,
  };
}

export function presentBilling(billing: BillingOverview) {
  return {
    plan: billing.plan,
    tasks_finished: billing.lifetime.tasks,
    amount_accumulated: money(billing.lifetime.amount),
    current_period: {
      period: billing.current.period,
      start: billing.current.start,
      end: billing.current.end,
      tasks_finished: billing.current.usage.tasks,
      amount: money(billing.current.usage.amount),
    },
    recent_invoices: billing.recentInvoices.map(presentInvoice),
    payment_method: billing.paymentMethod ? presentPaymentMethod(billing.paymentMethod) : null,
  };
}
