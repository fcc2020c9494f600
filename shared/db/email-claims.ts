import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { EmailTakenError } from '../errors';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';

/**
 * `EMAIL#<normalized address>` → user id. Created with attribute_not_exists
 * in the same transaction as the user, it is what makes "one account per
 * email" true under races.
 */
export function claimEmailStep(normalizedEmail: string, userId: string, at: string): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: { ...keys.emailClaim(normalizedEmail), type: 'email_claim', email: normalizedEmail, user_id: userId, created_at: at },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    onConditionFailed: () => new EmailTakenError(),
  };
}

export async function findUserIdByEmail(normalizedEmail: string): Promise<string | null> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.emailClaim(normalizedEmail), ConsistentRead: true }),
  );
  return (Item?.user_id as string | undefined) ?? null;
}
