import { actorStillAllowedSteps } from '../../db/memberships';
import { putPaymentMethodSteps, type PaymentMethodRecord } from '../../db/payment-methods';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';

export type PaymentMethodInput = Omit<PaymentMethodRecord, 'updated_at' | 'updated_by'>;

/**
 * The admin replaces the team's payment method. A body with a card number
 * never gets here: the route refuses it before parsing (see
 * `refusesCardNumbers`).
 *
 * 1. In one transaction: re-check that the caller is still the admin, put
 *    the payment method, write `payment_method.updated` (brand, last four).
 */
export async function updatePaymentMethod(actor: TeamActor, input: PaymentMethodInput): Promise<PaymentMethodRecord> {
  const method: PaymentMethodRecord = { ...input, updated_at: new Date().toISOString(), updated_by: actor.audit.id };
  await transact([...actorStillAllowedSteps(actor, 'payment.update'), ...putPaymentMethodSteps(actor.teamId, method, actor.audit)]);
  return method;
}
