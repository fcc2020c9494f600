import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { ConflictError, GoneError } from '../errors';
import { keys, TABLE_NAME, ttlEpoch } from './table';
import type { TransactStep } from './transact';

/**
 * Password-reset tokens: `RESET#<sha256>` → user, expiry, use. The user item
 * names its one live token (`password_reset_hash`), so a newer request
 * replaces the older token and a used one cannot be replayed.
 */
const KEEP_AFTER_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;
/** One reset email per account per minute, however often it is asked for. */
const RESEND_INTERVAL_MS = 60_000;

export interface PasswordResetRecord {
  user_id: string;
  expires_at: string;
  used_at: string | null;
}

export async function getPasswordReset(tokenHash: string): Promise<PasswordResetRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.passwordReset(tokenHash), ConsistentRead: true }));
  if (!Item) return null;
  return { user_id: Item.user_id as string, expires_at: Item.expires_at as string, used_at: (Item.used_at as string | undefined) ?? null };
}

/** Issues a token to a verified account (condition), naming it on the user as the live one. */
export function issuePasswordResetSteps(userId: string, tokenHash: string, now: Date, expiresAt: string): TransactStep[] {
  return [
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(userId),
          UpdateExpression: 'SET password_reset_hash = :hash, password_reset_sent_at = :now',
          ConditionExpression:
            'email_verified = :true AND (attribute_not_exists(password_reset_sent_at) OR password_reset_sent_at < :cutoff)',
          ExpressionAttributeValues: {
            ':hash': tokenHash,
            ':now': now.toISOString(),
            ':true': true,
            ':cutoff': new Date(now.getTime() - RESEND_INTERVAL_MS).toISOString(),
          },
        },
      },
      onConditionFailed: () => new ConflictError('nothing_to_send', 'Not verified, or a reset was sent within the last minute.'),
    },
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: {
            ...keys.passwordReset(tokenHash),
            type: 'password_reset',
            user_id: userId,
            expires_at: expiresAt,
            expires_at_epoch: ttlEpoch(expiresAt, KEEP_AFTER_EXPIRY_MS),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ];
}

/**
 * Uses the token: unused, unexpired, and still the user's live one (not
 * replaced by a newer request); and revokes the account's sessions.
 */
export function consumePasswordResetSteps(userId: string, tokenHash: string, now: string): TransactStep[] {
  return [
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.passwordReset(tokenHash),
          UpdateExpression: 'SET used_at = :now',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(used_at) AND expires_at > :now',
          ExpressionAttributeValues: { ':now': now },
        },
      },
      onConditionFailed: () => new GoneError(),
    },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(userId),
          // Every token issued so far stops authenticating with this API (see shared/http/token-age.ts).
          UpdateExpression: 'REMOVE password_reset_hash SET updated_at = :now, sessions_revoked_at = :now',
          ConditionExpression: 'password_reset_hash = :hash',
          ExpressionAttributeValues: { ':hash': tokenHash, ':now': now },
        },
      },
      onConditionFailed: () => new GoneError(),
    },
  ];
}

/** Gives a consumed token back (Cognito refused the new password), so the user can try another. */
export function restorePasswordResetSteps(userId: string, tokenHash: string): TransactStep[] {
  return [
    { item: { Update: { TableName: TABLE_NAME, Key: keys.passwordReset(tokenHash), UpdateExpression: 'REMOVE used_at' } } },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(userId),
          UpdateExpression: 'SET password_reset_hash = :hash',
          // A newer request meanwhile wins: this token stays dead.
          ConditionExpression: 'attribute_not_exists(password_reset_hash)',
          ExpressionAttributeValues: { ':hash': tokenHash },
        },
      },
    },
  ];
}

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
