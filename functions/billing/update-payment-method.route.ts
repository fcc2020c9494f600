import { PaymentMethodBody, PaymentMethodResponse } from '../../shared/api/billing';
import { items, route } from '../../shared/http/route';

export const updatePaymentMethodRoute = route({
  operationId: 'updatePaymentMethod',
  method: 'PUT',
  path: '/v1/billing/payment-method',
  handler: 'billing/update-payment-method',
  auth: 'user',
  permission: 'payment.update',
  grants: { table: items(['GetItem', 'PutItem', 'ConditionCheckItem'], ['user', 'team']) },
  refusesCardNumbers: true,
  summary: "Set the payment method: the processor's token and display fields (a card number is refused, 400 raw_card_number_refused)",
  tags: ['billing'],
  schemas: { body: PaymentMethodBody, responses: { 200: PaymentMethodResponse } },
});
