import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { TeamRole } from '../domain/permissions';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';

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
