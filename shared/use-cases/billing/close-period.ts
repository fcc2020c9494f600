import { readUsageThrough, teamsWithUsageIn } from '../../db/billing-usage';
import { getLedger, InvoiceAlreadyIssuedError, invoiceIdFor, issueInvoiceSteps, type InvoiceRecord } from '../../db/invoices';
import { retryOnContention } from '../../db/retry-on-contention';
import { transact } from '../../db/transact';
import type { AuditActor } from '../../domain/actor';
import { lineItems, uninvoiced } from '../../domain/billing';
import { isClosable, previousPeriod, type Period } from '../../domain/billing-periods';
import { newId } from '../../domain/ids';
import { ValidationError } from '../../errors';
import { emailInvoice } from './email-invoice';

/** The monthly schedule and support's route act as this. */
export const BILLING_SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'billing' };

/** Teams closed side by side: enough to overlap round trips, few enough to stay far below the table's limits. */
const CONCURRENCY = 4;

/**
 * Closes a billing period: one invoice per team with usage not invoiced yet
 * up to the end of that month.
 *
 * 1. Refuse a period after the current month (400); the current month
 *    invoices its usage so far.
 * 2. Find the teams with usage in that month or the one before (the month
 *    index, GSI1, never a scan): the one before holds usage recorded after
 *    it was closed — a completion in its last seconds, or after an early
 *    close of a then-current month.
 * 3. For each, `closeTeamPeriod` (idempotent, race-safe).
 * 4. Email the enterprise teams' new invoices (after they are saved).
 */
export async function closeBillingPeriod(period: Period, actor: AuditActor, now = new Date()): Promise<{ period: Period; invoices_issued: number }> {
  if (!isClosable(period, now)) {
    throw new ValidationError('Only a month up to the current one can be closed.', [{ location: 'body', path: 'period', message: 'is in the future' }]);
  }
  const [earlier, current] = await Promise.all([teamsWithUsageIn(previousPeriod(period)), teamsWithUsageIn(period)]);
  const teams = [...new Set([...earlier, ...current])];
  let issued = 0;
  for (let i = 0; i < teams.length; i += CONCURRENCY) {
    const invoices = await Promise.all(teams.slice(i, i + CONCURRENCY).map((team) => closeTeamPeriod(team, period, actor)));
    for (const invoice of invoices) {
      if (!invoice) continue;
      issued++;
      await emailInvoice(invoice);
    }
  }
  return { period, invoices_issued: issued };
}

/**
 * One team's invoice for a period, or null when there is nothing to issue.
 *
 * 1. Read the ledger (what was invoiced so far). A team invoiced for this
 *    period or a later one gets nothing: later usage goes on the next one.
 * 2. Read the usage recorded in every month up to this one, and subtract
 *    the ledger: that is the invoice. Nothing left → nothing issued.
 * 3. In one transaction: the invoice (keyed by team and period, so a
 *    concurrent run's invoice refuses this one), the ledger advanced by
 *    exactly this invoice from the version read, and `invoice.issued`.
 *    A ledger moved meanwhile → read again (`retryOnContention`).
 */
export async function closeTeamPeriod(teamId: string, period: Period, actor: AuditActor): Promise<InvoiceRecord | null> {
  return retryOnContention(async () => {
    const ledger = await getLedger(teamId);
    if (ledger.last_period !== null && ledger.last_period >= period) return null;
    const recorded = await readUsageThrough(teamId, period);
    const due = uninvoiced(recorded, ledger.invoiced);
    if (due.tasks <= 0) return null;
    const issuedAt = new Date().toISOString();
    const invoice: InvoiceRecord = {
      id: invoiceIdFor(period, newId('invc', Date.parse(issuedAt)).slice('invc_'.length)),
      team_id: teamId,
      period,
      tasks_finished: due.tasks,
      amount: due.amount,
      line_items: lineItems(due),
      status: 'issued',
      issued_at: issuedAt,
      email_status: 'not_applicable',
    };
    try {
      await transact(issueInvoiceSteps(invoice, ledger, recorded, actor));
    } catch (error) {
      if (error instanceof InvoiceAlreadyIssuedError) return null;
      throw error;
    }
    return invoice;
  });
}

