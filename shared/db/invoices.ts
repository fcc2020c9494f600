import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import { emptyUsage, type LineItem, type Usage } from '../domain/billing';
import type { Period } from '../domain/billing-periods';
import { ConcurrentChangeError, ConflictError } from '../errors';
import { auditStep } from './audit-events';
import { keys, TABLE_NAME } from './table';
import { teamItemsPage } from './team-item-pages';
import type { TransactStep } from './transact';

/**
 * Invoices (`TEAM#<team>` / `INVOICE#<yyyy-mm>`): the key is the team and
 * period, so "one invoice per team and period" is the item's
 * `attribute_not_exists`. Beside them, the team's ledger (`TEAM#<team>` /
 * `BILLING`) holds everything invoiced so far (totals and per type) and a
 * `version`; each invoice is written in one transaction with the ledger
 * advanced by exactly that invoice (condition: the version read).
 */
export type EmailDelivery = 'sent' | 'failed' | 'not_applicable';

export interface InvoiceRecord {
  id: string;
  team_id: string;
  period: Period;
  tasks_finished: number;
  /** Cents. */
  amount: number;
  line_items: LineItem[];
  status: 'issued';
  issued_at: string;
  /** Enterprise invoices are emailed: whether that went out (a failure loses nothing; the invoice stands). */
  email_status: EmailDelivery;
}

export interface BillingLedger {
  invoiced: Usage;
  /** The latest period invoiced, or null before the first invoice. */
  last_period: Period | null;
  version: number;
}

/** Invoice ids carry their period (`invc_<yyyymm><random>`), so a lookup is one GetItem in the caller's own partition. */
export function invoiceIdFor(period: Period, random: string): string {
  return `invc_${period.replace('-', '')}${random}`;
}

export function periodOfInvoiceId(id: string): Period | null {
  const m = /^invc_(\d{4})(0[1-9]|1[0-2])[0-9a-z]{16,32}$/.exec(id);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** Another run issued this team's invoice for this period first. */
export class InvoiceAlreadyIssuedError extends ConflictError {
  constructor() {
    super('conflict', 'This period is already invoiced.');
  }
}

function invoiceFromItem(item: Record<string, unknown>): InvoiceRecord {
  const i = item as unknown as InvoiceRecord;
  return {
    id: i.id,
    team_id: i.team_id,
    period: i.period,
    tasks_finished: i.tasks_finished,
    amount: i.amount,
    line_items: i.line_items ?? [],
    status: i.status,
    issued_at: i.issued_at,
    email_status: i.email_status ?? 'not_applicable',
  };
}

export async function getLedger(teamId: string): Promise<BillingLedger> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.billingLedger(teamId), ConsistentRead: true }));
  if (!Item) return { invoiced: emptyUsage(), last_period: null, version: 0 };
  return { invoiced: Item.invoiced as Usage, last_period: (Item.last_period as string | undefined) ?? null, version: Number(Item.version) };
}

/**
 * Issue one invoice, as transaction steps: the invoice (refused if the
 * period already has one), the ledger advanced from exactly the version
 * read (another invoice meanwhile → ConcurrentChangeError, read again), and
 * `invoice.issued` in the audit log.
 */
export function issueInvoiceSteps(invoice: InvoiceRecord, ledger: BillingLedger, invoicedNow: Usage, actor: AuditActor): TransactStep[] {
  const { PK, SK } = keys.billingLedger(invoice.team_id);
  return [
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...keys.invoice(invoice.team_id, invoice.period), type: 'invoice', ...invoice },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new InvoiceAlreadyIssuedError(),
    },
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { PK, SK, type: 'billing_ledger', team_id: invoice.team_id, invoiced: invoicedNow, last_period: invoice.period, version: ledger.version + 1 },
          ConditionExpression: ledger.version === 0 ? 'attribute_not_exists(PK)' : 'version = :version',
          ...(ledger.version === 0 ? {} : { ExpressionAttributeValues: { ':version': ledger.version } }),
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    auditStep({
      teamId: invoice.team_id,
      at: invoice.issued_at,
      actor,
      action: 'invoice.issued',
      target: { type: 'invoice', id: invoice.id },
      details: { period: invoice.period, tasks_finished: invoice.tasks_finished, amount: invoice.amount, currency: 'USD' },
    }),
  ];
}

export async function getInvoice(teamId: string, period: Period): Promise<InvoiceRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.invoice(teamId, period), ConsistentRead: true }));
  return Item ? invoiceFromItem(Item) : null;
}

/** A team's invoices, newest period first. */
export async function listInvoices(teamId: string, limit: number, nextToken?: string): Promise<{ items: InvoiceRecord[]; nextToken: string | null }> {
  const page = await teamItemsPage(teamId, keys.invoicePrefix(), { limit, nextToken, newestFirst: true });
  return { items: page.items.map(invoiceFromItem), nextToken: page.nextToken };
}

/** Records whether an issued invoice's email went out. */
export async function setInvoiceEmailStatus(teamId: string, period: Period, status: EmailDelivery): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: keys.invoice(teamId, period),
      UpdateExpression: 'SET email_status = :status',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':status': status },
    }),
  );
}
