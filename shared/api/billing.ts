import * as z from 'zod';
import { EmailInput, listOf, Text, Timestamp } from './common';

/** The contract's money: integer cents and a currency. */
export const Money = z
  .object({ amount: z.number().int().meta({ description: 'Integer cents' }), currency: z.literal('USD') })
  .meta({ id: 'Money' });

export const LineItem = z
  .object({ task_type: z.string(), tasks_finished: z.number().int().min(0), amount: Money })
  .meta({ id: 'InvoiceLineItem' });

export const Invoice = z
  .object({
    id: z.string().meta({ example: 'invc_2026110123456789abcdefghjk' }),
    period: z.string().meta({ description: 'The month invoiced, YYYY-MM (UTC)', example: '2026-11' }),
    tasks_finished: z.number().int().min(0),
    amount: Money,
    status: z.enum(['issued']),
    line_items: z.array(LineItem).meta({ description: 'One per task type' }),
    issued_at: Timestamp,
  })
  .meta({ id: 'Invoice' });

export const InvoiceList = listOf(Invoice, 'InvoiceList');

export const InvoiceIdParams = z.strictObject({ id: z.string().min(1).max(100) });

export const PaymentMethod = z
  .object({
    brand: z.string(),
    last_four: z.string(),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    billing_email: z.string(),
    cardholder_name: z.string(),
    updated_at: Timestamp,
  })
  .meta({ id: 'PaymentMethod', description: "What the dashboard shows; the processor's token is never answered" });

export const Billing = z
  .object({
    plan: z.enum(['on_demand', 'enterprise']),
    tasks_finished: z.number().int().min(0).meta({ description: 'Lifetime: completed live tasks' }),
    amount_accumulated: Money.meta({ description: 'Lifetime' }),
    current_period: z.object({
      period: z.string(),
      start: Timestamp,
      end: Timestamp.meta({ description: 'Exclusive: the first instant of the next month' }),
      tasks_finished: z.number().int().min(0),
      amount: Money,
    }),
    recent_invoices: z.array(Invoice),
    payment_method: PaymentMethod.nullable(),
  })
  .meta({ id: 'Billing' });

export const PaymentMethodBody = z
  .strictObject({
    processor_token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,200}$/, "must be the payment processor's token")
      .meta({ example: 'pm_1QxyzAbCdEfGh' }),
    brand: Text(30),
    last_four: z.string().regex(/^\d{4}$/, 'must be 4 digits'),
    exp_month: z.number().int().min(1).max(12),
    exp_year: z.number().int().min(2000).max(2100),
    billing_email: EmailInput,
    cardholder_name: Text(100),
  })
  .meta({ id: 'PaymentMethodRequest' });

export const PaymentMethodResponse = z.object({ payment_method: PaymentMethod }).meta({ id: 'PaymentMethodResponse' });

/** The invoice document: a printable HTML page. */
export const InvoiceDocument = z.string().meta({ id: 'InvoiceDocument', description: 'The printable HTML page (text/html) or the PDF (application/pdf, binary)' });
