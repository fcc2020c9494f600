import { updatePaymentMethodRoute } from './update-payment-method.route';
import { presentPaymentMethod } from '../../shared/api/billing-presenters';
import { defineOperation } from '../../shared/http/operation';
import { updatePaymentMethod } from '../../shared/use-cases/billing/update-payment-method';

export const handler = defineOperation(updatePaymentMethodRoute, async ({ caller, body }) => {
  return { status: 200, body: { payment_method: presentPaymentMethod(await updatePaymentMethod(caller, body)) } };
});
