import * as z from 'zod/mini';
import { EmailInput, listOf, Text, Timestamp } from './common';

/** The contract's money: integer cents and a currency. */
export const Money = z
  .object({ amount: z.int().register(z.globalRegistry, { description: 'Integer cents' }), currency: z.literal('USD') }).register(z.globalRegistry, { id: 'Money' });

export const LineItem = z
  .object({ task_type: z.string(), tasks_finished: z.int().check(z.gte(0)), amount: Money }).register(z.globalRegistry, { id: 'InvoiceLineItem' });

export const Invoice = z
  .object({
    id: z.string().register(z.globalRegistry, { example: 'invc_2026110123456789abcdefghjk' }),
    period: z.string().register(z.globalRegistry, { description: 'The month invoiced, YYYY-MM (UTC)', example: '2026-11' }),
    tasks_finished: z.int().check(z.gte(0)),
    amount: Money,
    status: z.enum(['issued']),
    line_items: z.array(LineItem).register(z.globalRegistry, { description: 'One per task type' }),
    issued_at: Timestamp,
  }).register(z.globalRegistry, { id: 'Invoice' });

export const InvoiceList = listOf(Invoice, 'InvoiceList');

export const InvoiceIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });

export const PaymentMethod = z
  .object({
    brand: z.string(),
    last_four: z.string(),
    exp_month: z.int(),
    exp_year: z.int(),
    billing_email: z.string(),
    cardholder_name: z.string(),
    updated_at: Timestamp,
  }).register(z.globalRegistry, { id: 'PaymentMethod', description: "What the dashboard shows; the processor's token is never answered" });

export const Billing = z
  .object({
    plan: z.enum(['on_demand', 'enterprise']),
    tasks_finished: z.int().check(z.gte(0)).register(z.globalRegistry, { description: 'Lifetime: completed live tasks' }),
    amount_accumulated: Money,
    current_period: z.object({
      period: z.string(),
      start: Timestamp,
      end: z.iso.datetime().register(z.globalRegistry, { description: 'Exclusive: the first instant of the next month (ISO-8601 UTC)' }),
      tasks_finished: z.int().check(z.gte(0)),
      amount: Money,
    }),
    recent_invoices: z.array(Invoice),
    payment_method: z.nullable(PaymentMethod),
  }).register(z.globalRegistry, { id: 'Billing' });

export const PaymentMethodBody = z
  .strictObject({
    processor_token: z
      .string()
      .check(z.regex(/^[A-Za-z0-9_-]{8,200}$/, "must be the payment processor's token"))
      .register(z.globalRegistry, { example: 'pm_1QxyzAbCdEfGh' }),
    brand: Text(30),
    last_four: z.string().check(z.regex(/^\d{4}$/, 'must be 4 digits')),
    exp_month: z.int().check(z.gte(1), z.lte(12)),
    exp_year: z.int().check(z.gte(2000), z.lte(2100)),
    billing_email: EmailInput,
    cardholder_name: Text(100),
  }).register(z.globalRegistry, { id: 'PaymentMethodRequest' });

export const PaymentMethodResponse = z.object({ payment_method: PaymentMethod }).register(z.globalRegistry, { id: 'PaymentMethodResponse' });

/** The invoice document: a printable HTML page. */
export const InvoiceDocument = z.string().register(z.globalRegistry, {
  id: 'InvoiceDocument',
  description: 'The printable HTML page (text/html) or the PDF (application/pdf, binary)',
});
