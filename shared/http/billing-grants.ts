import { items, type RouteGrants } from './route';

/**
 * Closing a billing period, from support's route or the monthly schedule:
 * the month index (GSI1), usage shards, ledger, invoices and audit (team
 * partition), the payment method and admin for an enterprise invoice's
 * email. One definition, so the two callers cannot drift apart.
 */
export const CLOSE_BILLING_PERIOD_GRANTS: RouteGrants = {
  table: items(['GetItem', 'Query', 'PutItem', 'UpdateItem'], ['team', 'usage', 'user'], { queriesIndex: true }),
  email: true,
};
