import type { TeamActor } from '../domain/actor';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { ROLE_MATRIX, TEAM_ROLES, type Permission, type TeamRole } from '../domain/permissions';
import {
  AdminManagedBySupportError,
  ConcurrentChangeError,
  ForbiddenError,
  NotFoundError,
  UserInAnotherTeamError,
  type DomainError,
} from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';
import { userFromItem, type UserRecord } from './users';

/**
 * Membership transitions as transaction steps. Membership lives on the user
 * item (`team_id`, `role`, `joined_at` and the GSI1 member keys), and the
 * team item counts its members and names its admin; every transition changes
 * them together in one transaction, with conditions that make the invariants
 * hold under races: one team per user, exactly one admin per active team,
 * `member_count` equal to the members listed, no duplicate member.
 */

/** A user while in a team: the membership attributes are all set. */
export type MemberRecord = UserRecord & { team_id: string; role: TeamRole; joined_at: string };

export function isMemberOf(user: UserRecord | null, teamId: string): user is MemberRecord {
  return user?.team_id === teamId && user.role !== null && user.joined_at !== null;
}

/** Support's wording of the same refusal: the customer-facing advice does not apply to them. */
export const notAttachableError = () =>
  new UserInAnotherTeamError('This account is in a team with other members: only an account alone in its own team, or in none, can be attached.');

const OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
const ROLE = { '#role': 'role' };

/** Why a condition on a team member's item failed, told from the item as it was. */
function memberRefusal(current: Record<string, unknown> | undefined, teamId: string): DomainError {
  if (current?.team_id !== teamId) return new NotFoundError('member');
  if (current.role === 'admin') return new AdminManagedBySupportError();
  return new ConcurrentChangeError();
}

/** Profile fields a join may set in the same write (a transaction touches the user item once). */
export type JoinProfile = Partial<Record<'name' | 'company' | 'job_title' | 'phone', string>>;

/** The membership attributes a user gets on joining `teamId`, GSI1 member keys included, plus any profile fields. */
function membershipSet(userId: string, teamId: string, role: TeamRole, at: string, profile: JoinProfile = {}) {
  const member = keys.teamMember(teamId, at, userId);
  const fields = Object.entries(profile).filter(([, value]) => value !== undefined);
  return {
    UpdateExpression: [
      'SET team_id = :team, #role = :role, joined_at = :at, GSI1PK = :gpk, GSI1SK = :gsk, updated_at = :at',
      ...fields.map(([field]) => `#p_${field} = :p_${field}`),
    ].join(', '),
    names: { ...ROLE, ...Object.fromEntries(fields.map(([field]) => [`#p_${field}`, field])) },
    values: {
      ':team': teamId,
      ':role': role,
      ':at': at,
      ':gpk': member.GSI1PK,
      ':gsk': member.GSI1SK,
      ...Object.fromEntries(fields.map(([field, value]) => [`:p_${field}`, value])),
    },
  };
}

/** The user joins a team, optionally setting profile fields; fails if they are already in one (any team). */
export function joinTeamStep(userId: string, teamId: string, role: TeamRole, at: string, profile?: JoinProfile): TransactStep {
  const set = membershipSet(userId, teamId, role, at, profile);
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: set.UpdateExpression,
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(team_id)',
        ExpressionAttributeNames: set.names,
        ExpressionAttributeValues: set.values,
        ...OLD,
      },
    },
    onConditionFailed: (current) => (current ? new UserInAnotherTeamError() : new NotFoundError('user')),
  };
}

/** A non-admin member leaves (or is removed from) the team. */
export function leaveTeamStep(userId: string, teamId: string, at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'REMOVE team_id, #role, joined_at, GSI1PK, GSI1SK SET updated_at = :at',
        ConditionExpression: 'team_id = :team AND #role <> :admin',
        ExpressionAttributeNames: ROLE,
        ExpressionAttributeValues: { ':team': teamId, ':admin': 'admin', ':at': at },
        ...OLD,
      },
    },
    onConditionFailed: (current) => memberRefusal(current, teamId),
  };
}

/**
 * member ↔ manager; never to or from admin. The condition pins the role the
 * change was decided from, so the audit event's `from` is always the truth
 * (a concurrent change makes this one fail with ConcurrentChangeError, and
 * the use case decides again from the new role).
 */
export function changeRoleStep(
  userId: string,
  teamId: string,
  change: { from: 'member' | 'manager'; to: 'member' | 'manager' },
  at: string,
): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET #role = :to, updated_at = :at',
        ConditionExpression: 'team_id = :team AND #role = :from',
        ExpressionAttributeNames: ROLE,
        ExpressionAttributeValues: { ':team': teamId, ':from': change.from, ':to': change.to, ':at': at },
        ...OLD,
      },
    },
    onConditionFailed: (current) => memberRefusal(current, teamId),
  };
}

/**
 * The acting member, at the moment the write commits, is still in the team
 * with a role the permission allows. Authorization read the membership when
 * the request arrived; this re-checks it inside the write's own transaction,
 * so a manager removed or demoted while their request is in flight writes
 * nothing (403).
 */
export function actorAllowedStep(actorUserId: string, teamId: string, permission: Permission): TransactStep {
  const roles = TEAM_ROLES.filter((role) => (ROLE_MATRIX[permission] as readonly string[]).includes(role));
  return {
    item: {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: keys.user(actorUserId),
        ConditionExpression: `team_id = :team AND #role IN (${roles.map((_, i) => `:r${i}`).join(', ')})`,
        ExpressionAttributeNames: ROLE,
        ExpressionAttributeValues: { ':team': teamId, ...Object.fromEntries(roles.map((role, i) => [`:r${i}`, role])) },
      },
    },
    onConditionFailed: () => new ForbiddenError('You are no longer allowed to do this in this team.'),
  };
}

/** Counts a member in or out of an active team. */
export function countMemberStep(teamId: string, delta: 1 | -1, at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.team(teamId),
        UpdateExpression: 'ADD member_count :delta SET updated_at = :at',
        ConditionExpression: 'attribute_exists(PK) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':delta': delta, ':active': 'active', ':at': at },
      },
    },
    onConditionFailed: () => new NotFoundError('team'),
  };
}

/**
 * Support's admin transfer, as the three writes that must happen together:
 * the team names the new admin only if it still names `from`; the new admin
 * must be a non-admin member of the team; the old admin must still be its
 * admin, and becomes a manager. Whatever races with it (another transfer, a
 * removal or role change of either user), either all three hold or nothing
 * is written, so the team always has exactly one admin and it is the user
 * `admin_user_id` names.
 */
export function transferAdminSteps(teamId: string, from: string, to: string, at: string): TransactStep[] {
  return [
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.team(teamId),
          UpdateExpression: 'SET admin_user_id = :to, updated_at = :at',
          ConditionExpression: 'admin_user_id = :from AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from, ':to': to, ':active': 'active', ':at': at },
          ...OLD,
        },
      },
      // A different admin, or a team closed meanwhile: the use case reads again and says which.
      onConditionFailed: (current) => (current ? new ConcurrentChangeError() : new NotFoundError('team')),
    },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(to),
          UpdateExpression: 'SET #role = :admin, updated_at = :at',
          ConditionExpression: 'team_id = :team AND #role <> :admin',
          ExpressionAttributeNames: ROLE,
          ExpressionAttributeValues: { ':team': teamId, ':admin': 'admin', ':at': at },
          ...OLD,
        },
      },
      onConditionFailed: (current) => (current?.team_id === teamId ? new ConcurrentChangeError() : new NotFoundError('member')),
    },
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.user(from),
          UpdateExpression: 'SET #role = :manager, updated_at = :at',
          ConditionExpression: 'team_id = :team AND #role = :admin',
          ExpressionAttributeNames: ROLE,
          ExpressionAttributeValues: { ':team': teamId, ':admin': 'admin', ':manager': 'manager', ':at': at },
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
  ];
}

/**
 * An account alone in its own team moves into another team (support's
 * attach): one update of the user item, since a transaction may touch an
 * item only once. It was that team's admin, which is why `leaveTeamStep`
 * (which refuses admins) does not apply; pair it with `closeSoleMemberTeamStep`
 * on the team it leaves, so that team is never left active without its admin.
 */
export function moveSoleAdminStep(userId: string, fromTeamId: string, toTeamId: string, role: TeamRole, at: string): TransactStep {
  const set = membershipSet(userId, toTeamId, role, at);
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: set.UpdateExpression,
        ConditionExpression: 'team_id = :from AND #role = :admin',
        ExpressionAttributeNames: set.names,
        ExpressionAttributeValues: { ...set.values, ':from': fromTeamId, ':admin': 'admin' },
        ...OLD,
      },
    },
    onConditionFailed: (current) => {
      if (!current) return new NotFoundError('user');
      return current.team_id ? notAttachableError() : new ConcurrentChangeError();
    },
  };
}

/**
 * Closes a team whose only member, its admin, is moving away. The condition
 * (still active, exactly one member, that user its admin) is what makes
 * "alone in its own team" true at the moment of the move: anyone joining it
 * meanwhile makes the move fail. `admin_user_id` is kept for the record.
 */
export function closeSoleMemberTeamStep(teamId: string, adminUserId: string, at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.team(teamId),
        UpdateExpression: 'SET #status = :closed, closed_at = :at, member_count = :zero, updated_at = :at',
        ConditionExpression: 'member_count = :one AND #status = :active AND admin_user_id = :user',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':active': 'active', ':zero': 0, ':one': 1, ':user': adminUserId, ':at': at },
      },
    },
    onConditionFailed: () => notAttachableError(),
  };
}

/** A team's members in joining order (GSI1; eventually consistent, which a listing can afford). */
export async function listMembers(teamId: string, limit: number, nextToken?: string): Promise<{ items: MemberRecord[]; nextToken: string | null }> {
  const gsiPk = keys.teamMember(teamId, '', '').GSI1PK;
  const { Items, LastEvaluatedKey } = await dynamo.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :member)',
      ExpressionAttributeValues: { ':pk': gsiPk, ':member': keys.teamMemberPrefix() },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(nextToken, {
        equal: { GSI1PK: gsiPk },
        // A GSI query's LastEvaluatedKey carries the table's key too.
        prefixed: { GSI1SK: keys.teamMemberPrefix(), ...keys.user('') },
      }),
    }),
  );
  // Only user items in a team carry GSI1 member keys, so every item here is a member.
  return { items: (Items ?? []).map((item) => userFromItem(item) as MemberRecord), nextToken: encodeCursor(LastEvaluatedKey) };
}

/** Every member of a team, page by page (support's team view). */
export async function listAllMembers(teamId: string): Promise<MemberRecord[]> {
  const members: MemberRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listMembers(teamId, 100, nextToken);
    members.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return members;
}

/**
 * The re-check every manager/admin write carries: the acting member is still
 * in the team with a role allowed to do it (nothing for an API key, whose
 * deletion is its revocation, or for a member acting on themself).
 */
export function actorStillAllowedSteps(actor: TeamActor, permission: Permission, unlessTarget?: string): TransactStep[] {
  if (!actor.member || actor.member.id === unlessTarget) return [];
  return [actorAllowedStep(actor.member.id, actor.teamId, permission)];
}
