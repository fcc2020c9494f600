import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { ConcurrentChangeError, EmailTakenError } from '../errors';
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

/**
 * Moves the claim of an address from one account to another (a replaced
 * unverified account), only if it still names the one being replaced.
 * A Put, so the compensating `undoPuts` of a failed acceptance frees the
 * address rather than leaving it pointing at nothing.
 */
export function reclaimEmailStep(normalizedEmail: string, fromUserId: string, toUserId: string, at: string): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: { ...keys.emailClaim(normalizedEmail), type: 'email_claim', email: normalizedEmail, user_id: toUserId, created_at: at },
        ConditionExpression: 'user_id = :from',
        ExpressionAttributeValues: { ':from': fromUserId },
      },
    },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}
