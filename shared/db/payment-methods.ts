import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import { auditStep } from './audit-events';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';

/**
 * A team's payment method (`TEAM#<team>` / `PAYMENT_METHOD`): the payment
 * processor's token and what the dashboard shows. Never a card number: a
 * body carrying one is refused before it is parsed.
 */
export interface PaymentMethodRecord {
  processor_token: string;
  brand: string;
  last_four: string;
  exp_month: number;
  exp_year: number;
  billing_email: string;
  cardholder_name: string;
  updated_at: string;
  updated_by: string;
}

export async function getPaymentMethod(teamId: string): Promise<PaymentMethodRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.paymentMethod(teamId), ConsistentRead: true }));
  if (!Item) return null;
  const { PK: _pk, SK: _sk, type: _type, ...record } = Item;
  return record as PaymentMethodRecord;
}

/** Replaces the team's payment method and records `payment_method.updated` (brand and last four only). */
export function putPaymentMethodSteps(teamId: string, method: PaymentMethodRecord, actor: AuditActor): TransactStep[] {
  return [
    { item: { Put: { TableName: TABLE_NAME, Item: { ...keys.paymentMethod(teamId), type: 'payment_method', ...method } } } },
    auditStep({
      teamId,
      at: method.updated_at,
      actor,
      action: 'payment_method.updated',
      target: { type: 'payment_method', id: teamId },
      details: { brand: method.brand, last_four: method.last_four },
    }),
  ];
}
