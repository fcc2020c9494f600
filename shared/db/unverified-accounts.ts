import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { ConcurrentChangeError, EmailTakenError, RateLimitedError, type DomainError } from '../errors';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';
import { reclaimEmailStep } from './email-claims';
import { userToItem, type UserRecord } from './users';

/**
 * Accounts whose address was never verified. They hold nothing the address's
 * owner could lose, so they never block the owner: a new sign-up replaces
 * such an account, and the sweep deletes it 7 days after its sign-up.
 *
 * A sign-up holds a short lease on the account (`signup_lease_until`): its
 * Lambda sets the Cognito password after the transaction commits, and two
 * replacements whose password writes interleave could leave one sign-up's
 * token with the other's password. While the lease runs (longer than a
 * function's timeout) another sign-up of the address is 429, so password
 * writes of two sign-ups never overlap.
 */
export const SIGNUP_LEASE_MS = 15_000;
export const UNVERIFIED_ACCOUNT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const UNVERIFIED = { ':false': false };

/** The marker the sweep finds the account by, written with the account. */
export function putUnverifiedMarkerStep(user: Pick<UserRecord, 'id' | 'created_at'>): TransactStep {
  return { item: { Put: { TableName: TABLE_NAME, Item: { ...keys.unverifiedAccount(user.created_at, user.id), type: 'unverified_account', user_id: user.id } } } };
}

export function deleteUnverifiedMarkerStep(user: Pick<UserRecord, 'id' | 'created_at'>): TransactStep {
  return { item: { Delete: { TableName: TABLE_NAME, Key: keys.unverifiedAccount(user.created_at, user.id) } } };
}

/** Why a sign-up could not take the account it read as unverified, told from the item as it is. */
function signupRefusal(current: Record<string, unknown> | undefined, now: string): DomainError {
  if (current?.email_verified === true) return new EmailTakenError();
  const lease = current?.signup_lease_until as string | undefined;
  if (lease && lease > now) return new RateLimitedError(Math.max(1, Math.ceil((Date.parse(lease) - Date.parse(now)) / 1000)));
  return new ConcurrentChangeError();
}

const leaseFree = '(attribute_not_exists(signup_lease_until) OR signup_lease_until < :now)';

/**
 * The user item of a sign-up. A first sign-up creates it; a sign-up of an
 * address whose account is unverified overwrites that account's item, on
 * condition that it is still unverified and no other sign-up holds it.
 */
export function putSignupUserStep(user: UserRecord, now: string, replacing: UserRecord | null, { lease = true } = {}): TransactStep {
  // An accepted invitation writes a verified account, which no sign-up can replace: no lease to hold.
  const Item = { ...userToItem(user), ...(lease ? { signup_lease_until: new Date(Date.parse(now) + SIGNUP_LEASE_MS).toISOString() } : {}) };
  if (!replacing || replacing.id !== user.id) {
    return {
      item: { Put: { TableName: TABLE_NAME, Item, ConditionExpression: 'attribute_not_exists(PK)' } },
      // An account appeared since the sign-up read the address: decide again from it.
      onConditionFailed: () => new ConcurrentChangeError(),
    };
  }
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item,
        ConditionExpression: `email_verified = :false AND ${leaseFree}`,
        ExpressionAttributeValues: { ...UNVERIFIED, ':now': now },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => signupRefusal(current, now),
  };
}

/**
 * What replacing an unverified account removes besides its user item: its
 * team (which nobody else can have joined: its only admin could never sign
 * in), its sweep marker, and — when the Cognito identity (hence the user id)
 * changed meanwhile — the old user item; the email claim is rewritten to
 * the new account (condition: it still names the old one). Earlier
 * verification tokens die with the account's `signup_id`.
 */
export function replaceUnverifiedSteps(old: UserRecord, newUserId: string, now: string): TransactStep[] {
  const steps: TransactStep[] = [deleteUnverifiedMarkerStep(old)];
  if (old.team_id) {
    steps.push({
      item: {
        Delete: {
          TableName: TABLE_NAME,
          Key: keys.team(old.team_id),
          ConditionExpression: 'admin_user_id = :user AND member_count = :one',
          ExpressionAttributeValues: { ':user': old.id, ':one': 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      // Gone: another sign-up replaced the account meanwhile (decide again). Still
      // there: support attached someone into it, so it is a real team, not the signer's to discard.
      onConditionFailed: (current) => (current ? new EmailTakenError() : new ConcurrentChangeError()),
    });
  }
  if (old.id !== newUserId) {
    steps.push({
      item: {
        Delete: {
          TableName: TABLE_NAME,
          Key: keys.user(old.id),
          ConditionExpression: `email_verified = :false AND ${leaseFree}`,
          ExpressionAttributeValues: { ...UNVERIFIED, ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: (current) => signupRefusal(current, now),
    });
  }
  steps.push(reclaimEmailStep(old.email, old.id, newUserId, now));
  return steps;
}

/**
 * The sign-up's password is set: another sign-up of the address may replace
 * it from now on. A sign-up that outlived its lease and was replaced has
 * nothing left to release.
 */
export async function releaseSignupLease(userId: string, signupId: string): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'REMOVE signup_lease_until',
        ConditionExpression: 'signup_id = :mine',
        ExpressionAttributeValues: { ':mine': signupId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Kills every verification token of a sign-up whose Cognito half failed:
 * the account keeps its earlier password, so none of its links may verify it.
 */
export function retireSignupStep(userId: string, signupId: string, deadSignupId: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET signup_id = :dead',
        ConditionExpression: 'signup_id = :mine',
        ExpressionAttributeValues: { ':dead': deadSignupId, ':mine': signupId },
      },
    },
  };
}

export interface UnverifiedMarker {
  user_id: string;
  created_at: string;
}

/** Markers of accounts signed up from `since` up to (not including) `cutoff` (ISO), oldest first, page by page. */
export async function* staleUnverifiedAccounts(cutoff: string, since = '0000'): AsyncGenerator<UnverifiedMarker> {
  if (since >= cutoff) return;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        // SK is `<created_at>#<user_id>`: below the bare cutoff timestamp exactly when created before it.
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :since AND :cutoff',
        ExpressionAttributeValues: { ':pk': keys.unverifiedPartition(), ':since': since, ':cutoff': cutoff },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      yield { user_id: item.user_id as string, created_at: (item.SK as string).slice(0, (item.SK as string).lastIndexOf('#')) };
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/**
 * Deletes a never-verified account: user, email claim, team, marker, in one
 * transaction conditioned on the account being exactly the one the marker
 * names (still unverified, same sign-up time, no sign-up holding it), so an
 * account verified or replaced meanwhile is left alone.
 */
export function deleteUnverifiedAccountSteps(user: UserRecord, now: string): TransactStep[] {
  const steps: TransactStep[] = [
    {
      item: {
        Delete: {
          TableName: TABLE_NAME,
          Key: keys.user(user.id),
          ConditionExpression: `email_verified = :false AND created_at = :created AND ${leaseFree}`,
          ExpressionAttributeValues: { ...UNVERIFIED, ':created': user.created_at, ':now': now },
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    {
      item: {
        Delete: {
          TableName: TABLE_NAME,
          Key: keys.emailClaim(user.email),
          ConditionExpression: 'user_id = :user',
          ExpressionAttributeValues: { ':user': user.id },
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    deleteUnverifiedMarkerStep(user),
  ];
  if (user.team_id) {
    steps.push({
      item: {
        Delete: {
          TableName: TABLE_NAME,
          Key: keys.team(user.team_id),
          ConditionExpression: 'admin_user_id = :user AND member_count = :one',
          ExpressionAttributeValues: { ':user': user.id, ':one': 1 },
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    });
  }
  return steps;
}

/**
 * Deletes what is left in a discarded team's partition (its audit events):
 * nothing refers to them once the team item is gone, and nobody can add to
 * a team that no longer exists.
 */
export async function purgeTeamPartition(teamId: string): Promise<void> {
  const { PK } = keys.team(teamId);
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': PK },
        ProjectionExpression: 'PK, SK',
        Limit: 25,
        ExclusiveStartKey,
      }),
    );
    const items = page.Items ?? [];
    if (items.length) {
      await dynamo.send(
        new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: items.map((Key) => ({ DeleteRequest: { Key: { PK: Key.PK, SK: Key.SK } } })) } }),
      );
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
