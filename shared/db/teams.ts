import { GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { NotFoundError, TeamClosedError } from '../errors';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';
import { buildUpdate } from './update-expression';

export interface TeamRecord {
  id: string;
  name: string;
  callback_url: string | null;
  admin_user_id: string;
  /** Kept in step with membership in the same transactions, so "alone in its team" is a condition, not a count. */
  member_count: number;
  status: 'active' | 'closed';
  /** Set when support attaches a team's only member to another team (the team is then closed). */
  closed_at?: string;
  created_at: string;
  updated_at: string;
}

export function teamToItem(team: TeamRecord): Record<string, unknown> {
  return { ...keys.team(team.id), type: 'team', ...team };
}

export function teamFromItem(item: Record<string, unknown>): TeamRecord {
  const i = item as unknown as TeamRecord;
  return {
    id: i.id,
    name: i.name,
    callback_url: i.callback_url ?? null,
    admin_user_id: i.admin_user_id,
    member_count: i.member_count ?? 0,
    status: i.status ?? 'active',
    ...(i.closed_at ? { closed_at: i.closed_at } : {}),
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
}

export async function getTeam(teamId: string): Promise<TeamRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.team(teamId), ConsistentRead: true }));
  return Item ? teamFromItem(Item) : null;
}

/**
 * Every active team's id, a page at a time: a full-table Scan, for one-off
 * maintenance only (a migration run by hand), never on a request path.
 */
export async function* activeTeamIdPages(): AsyncGenerator<string[]> {
  const pages = paginateScan(
    { client: dynamo, pageSize: 500 },
    {
      TableName: TABLE_NAME,
      FilterExpression: '#type = :team AND (attribute_not_exists(#status) OR #status = :active)',
      ProjectionExpression: 'id',
      ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
      ExpressionAttributeValues: { ':team': 'team', ':active': 'active' },
    },
  );
  for await (const page of pages) yield (page.Items ?? []).map((item) => String(item.id));
}

/** A new team, as one transaction step (refused if the id is somehow taken). */
export function putNewTeamStep(team: TeamRecord): TransactStep {
  return { item: { Put: { TableName: TABLE_NAME, Item: teamToItem(team), ConditionExpression: 'attribute_not_exists(PK)' } } };
}

/** Sets the given team fields (and `updated_at`) on a team that exists (404 if it does not). */
export function updateTeamFieldsStep(teamId: string, fields: Partial<Pick<TeamRecord, 'name' | 'callback_url'>>, at: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.team(teamId),
        ...buildUpdate({ ...fields, updated_at: at }),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
    onConditionFailed: () => new NotFoundError('team'),
  };
}

/** A check, in a creating transaction, that the team exists and is open (409 `team_closed` otherwise). */
export function teamOpenStep(teamId: string): TransactStep {
  return {
    item: {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: keys.team(teamId),
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#status) OR #status = :active)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
      },
    },
    onConditionFailed: () => new TeamClosedError(),
  };
}
