import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { TeamRole } from '../domain/permissions';
import { AdminManagedBySupportError, ConflictError, NotFoundError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';
import { userFromItem, type UserRecord } from './users';

/**
 * Membership transitions as transaction steps. Membership lives on the user
 * item (`team_id`, `role`, `joined_at` and the GSI1 member keys), and the
 * team item counts its members; every transition changes both in one
 * transaction, with conditions that make the invariants hold under races:
 * one team per user, one admin per team, no duplicate member.
 */

export class UserInAnotherTeamError extends ConflictError {
  constructor() {
    super(
      'user_in_another_team',
      'This account already belongs to a team. Accept with a +tag address (for example you+team@example.com) to get a separate account, or contact Refonte support to move it.',
    );
  }
}

const OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };

/** The user joins a team; fails if they are already in one (any team). */
export function joinTeamStep(userId: string, teamId: string, role: TeamRole, at: string): TransactStep {
  const member = keys.teamMember(teamId, at, userId);
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET team_id = :team, #role = :role, joined_at = :at, GSI1PK = :gpk, GSI1SK = :gsk, updated_at = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(team_id)',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':team': teamId, ':role': role, ':at': at, ':gpk': member.GSI1PK, ':gsk': member.GSI1SK },
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
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':team': teamId, ':admin': 'admin', ':at': at },
        ...OLD,
      },
    },
    onConditionFailed: (current) =>
      current?.team_id === teamId && current.role === 'admin' ? new AdminManagedBySupportError() : new NotFoundError('member'),
  };
}

/** member ↔ manager; never to or from admin. */
export function changeRoleStep(userId: string, teamId: string, role: 'member' | 'manager', at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        UpdateExpression: 'SET #role = :role, updated_at = :at',
        ConditionExpression: 'team_id = :team AND #role <> :admin',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':team': teamId, ':role': role, ':admin': 'admin', ':at': at },
        ...OLD,
      },
    },
    onConditionFailed: (current) =>
      current?.team_id === teamId && current.role === 'admin' ? new AdminManagedBySupportError() : new NotFoundError('member'),
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

/** A team's members in joining order (GSI1; eventually consistent, which a listing can afford). */
export async function listMembers(teamId: string, limit: number, nextToken?: string): Promise<{ items: UserRecord[]; nextToken: string | null }> {
  const gsiPk = keys.teamMember(teamId, '', '').GSI1PK;
  const { Items, LastEvaluatedKey } = await dynamo.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :member)',
      ExpressionAttributeValues: { ':pk': gsiPk, ':member': keys.teamMemberPrefix() },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(nextToken, { GSI1PK: gsiPk }),
    }),
  );
  return { items: (Items ?? []).map(userFromItem), nextToken: encodeCursor(LastEvaluatedKey) };
}
