import { getPaymentMethod } from '../../db/payment-methods';
import { setInvoiceEmailStatus, type InvoiceRecord } from '../../db/invoices';
import { getTeam } from '../../db/teams';
import { getUser } from '../../db/users';
import { invoiceSummaryLines } from '../../billing/invoice-document';
import { appLink } from '../../email/app-links';
import { sendEmail } from '../../email/send-email';
import { invoiceEmail } from '../../email/templates';
import { logger } from '../../powertools';

/**
 * Emails a just-issued invoice to an enterprise team (on-demand teams read
 * it in the billing tab): to the payment method's billing email, else the
 * admin's address. The invoice is already saved: a failed send is recorded
 * on it (`email_status`), never thrown, so the close goes on.
 */
export async function emailInvoice(invoice: InvoiceRecord): Promise<void> {
  try {
    const team = await getTeam(invoice.team_id);
    if (!team || team.plan !== 'enterprise') return;
    const billingEmail = (await getPaymentMethod(team.id))?.billing_email;
    const to = billingEmail ?? (await getUser(team.admin_user_id))?.email;
    const status = to
      ? await sendEmail(
          invoiceEmail({
            to,
            teamName: team.name,
            period: invoice.period,
            summary: invoiceSummaryLines(invoice),
            link: appLink('/billing', { invoice: invoice.id }),
          }),
        )
      : 'failed';
    await setInvoiceEmailStatus(invoice.team_id, invoice.period, status);
  } catch (error) {
    logger.error('Invoice email not recorded', { invoiceId: invoice.id, error: (error as Error).name });
  }
}
