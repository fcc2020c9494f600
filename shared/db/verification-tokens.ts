import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { GoneError } from '../errors';
import { keys, TABLE_NAME, ttlEpoch } from './table';
import type { TransactStep } from './transact';

/** Kept after expiry so a late click says "expired" (410) rather than "unknown" (404). */
const KEEP_AFTER_EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

export interface VerificationRecord {
  token_hash: string;
  user_id: string;
  /** The sign-up it was issued for: a newer sign-up of the address kills it. Absent on tokens older than sign-up replacement. */
  signup_id?: string;
  expires_at: string;
  used_at: string | null;
}

export function putVerificationStep(record: Omit<VerificationRecord, 'used_at'>): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...keys.verification(record.token_hash),
          type: 'verification_token',
          ...record,
          expires_at_epoch: ttlEpoch(record.expires_at, KEEP_AFTER_EXPIRY_MS),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
}

/** Consumes the token: the condition makes it single-use and enforces expiry on the write itself. */
export function consumeVerificationStep(tokenHash: string, now: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.verification(tokenHash),
        UpdateExpression: 'SET used_at = :now',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(used_at) AND expires_at > :now',
        ExpressionAttributeValues: { ':now': now },
      },
    },
    onConditionFailed: () => new GoneError(),
  };
}

export async function getVerification(tokenHash: string): Promise<VerificationRecord | null> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.verification(tokenHash), ConsistentRead: true }),
  );
  if (!Item) return null;
  return {
    token_hash: Item.token_hash as string,
    user_id: Item.user_id as string,
    ...(Item.signup_id ? { signup_id: Item.signup_id as string } : {}),
    expires_at: Item.expires_at as string,
    used_at: (Item.used_at as string | undefined) ?? null,
  };
}

/**
 * The account a token verifies must still be the sign-up it was issued for:
 * a token of a replaced sign-up is dead (410) even though unused.
 */
export function markVerifiedStep(userId: string, signupId: string | undefined, now: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET email_verified = :true, updated_at = :now REMOVE signup_lease_until',
        ConditionExpression: signupId ? 'signup_id = :signup' : 'attribute_exists(PK) AND attribute_not_exists(signup_id)',
        ExpressionAttributeValues: { ':true': true, ':now': now, ...(signupId ? { ':signup': signupId } : {}) },
      },
    },
    onConditionFailed: () => new GoneError(),
  };
}
