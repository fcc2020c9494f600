import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { TeamRole } from '../domain/permissions';
import { ConcurrentChangeError, ConflictError, NotFoundError } from '../errors';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';
import { buildUpdate } from './update-expression';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  company: string;
  job_title: string | null;
  phone: string | null;
  /** Membership lives on the user item: one attribute, so one team per user by construction. */
  team_id: string | null;
  role: TeamRole | null;
  joined_at: string | null;
  email_verified: boolean;
  /**
   * Which sign-up of this address the account is (a new sign-up of an
   * unverified address replaces the account and gets a new one); only
   * verification tokens of the current sign-up verify it.
   */
  signup_id?: string;
  /** Tokens issued before this (a sign-out, a password reset) no longer authenticate. */
  sessions_revoked_at?: string;
  created_at: string;
  updated_at: string;
}

type UserItem = UserRecord & Record<string, unknown>;

/** Membership attributes exist only while in a team: `attribute_not_exists(team_id)` means "no team". */
export function userToItem(user: UserRecord): Record<string, unknown> {
  const { team_id, role, joined_at, ...profile } = user;
  return {
    ...keys.user(user.id),
    type: 'user',
    ...profile,
    ...(team_id && role && joined_at ? { team_id, role, joined_at, ...keys.teamMember(team_id, joined_at, user.id) } : {}),
  };
}

export function userFromItem(item: Record<string, unknown>): UserRecord {
  const i = item as UserItem;
  return {
    id: i.id,
    email: i.email,
    name: i.name,
    company: i.company,
    job_title: i.job_title ?? null,
    phone: i.phone ?? null,
    team_id: i.team_id ?? null,
    role: i.role ?? null,
    joined_at: i.joined_at ?? null,
    email_verified: i.email_verified === true,
    ...(i.signup_id ? { signup_id: i.signup_id } : {}),
    ...(i.sessions_revoked_at ? { sessions_revoked_at: i.sessions_revoked_at } : {}),
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
}

/** Strongly consistent: authorization reads the current membership, never a stale one. */
export async function getUser(userId: string): Promise<UserRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.user(userId), ConsistentRead: true }));
  return Item ? userFromItem(Item) : null;
}

/** Every token issued so far stops authenticating with this API (the http layer compares `iat`). */
export function revokeSessionsStep(userId: string, at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET sessions_revoked_at = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      },
    },
  };
}

/** A new account's user item (refused if one appeared meanwhile: another request won). */
export function putNewUserStep(user: UserRecord): TransactStep {
  return {
    item: { Put: { TableName: TABLE_NAME, Item: userToItem(user), ConditionExpression: 'attribute_not_exists(PK)' } },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}

/** Sets the given profile fields (and `updated_at`) on an account that exists (404 if it does not). */
export function updateProfileStep(userId: string, fields: Partial<Pick<UserRecord, 'name' | 'company' | 'job_title' | 'phone'>>, at: string): TransactStep {
  return {
    item: {
      Update: { TableName: TABLE_NAME, Key: keys.user(userId), ...buildUpdate({ ...fields, updated_at: at }), ConditionExpression: 'attribute_exists(PK)' },
    },
    onConditionFailed: () => new NotFoundError('user'),
  };
}

/**
 * A new verification link goes out for this sign-up: only while the account
 * is unverified, no link went out since `cutoff`, and the sign-up is still the
 * one read (a link for it must not outlive its replacement). Refused:
 * `nothing_to_send`.
 */
export function markVerificationSentStep(user: Pick<UserRecord, 'id' | 'signup_id'>, at: string, cutoff: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(user.id),
        UpdateExpression: 'SET verification_sent_at = :now',
        ConditionExpression: `email_verified = :false AND (attribute_not_exists(verification_sent_at) OR verification_sent_at < :cutoff) AND ${
          user.signup_id ? 'signup_id = :signup' : 'attribute_not_exists(signup_id)'
        }`,
        ExpressionAttributeValues: { ':now': at, ':false': false, ':cutoff': cutoff, ...(user.signup_id ? { ':signup': user.signup_id } : {}) },
      },
    },
    onConditionFailed: () => new ConflictError('nothing_to_send', 'Verified meanwhile, or sent within the last minute.'),
  };
}
