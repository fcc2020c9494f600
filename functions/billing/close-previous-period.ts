import type { ScheduledEvent } from 'aws-lambda';
import { periodOf, previousPeriod } from '../../shared/domain/billing-periods';
import { logger } from '../../shared/powertools';
import { BILLING_SYSTEM_ACTOR, closeBillingPeriod } from '../../shared/use-cases/billing/close-period';

/**
 * The monthly schedule's target: closes the month before the event's time
 * (the schedule fires early on the 1st, UTC). The same use case as
 * support's close-period route, so a retried or repeated run issues nothing
 * twice.
 */
export const handler = async (event: Partial<ScheduledEvent>): Promise<{ period: string; invoices_issued: number }> => {
  const period = previousPeriod(periodOf(event.time ?? new Date().toISOString()));
  const result = await closeBillingPeriod(period, BILLING_SYSTEM_ACTOR);
  logger.info('Closed billing period', result);
  return result;
};
