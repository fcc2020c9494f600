import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, TABLE_NAME } from './table';

/**
 * One page of a team partition's items of one kind (sort keys under
 * `skPrefix`: keys, projects, integrations, invoices, audit events), with
 * the cursor to the next — which must name this team's partition and this
 * kind, or it is a 400 (cursor.ts). Oldest (lowest key) first unless asked.
 */
export async function teamItemsPage(
  teamId: string,
  skPrefix: string,
  page: { limit: number; nextToken?: string; newestFirst?: boolean; consistentRead?: boolean },
): Promise<{ items: Record<string, unknown>[]; nextToken: string | null }> {
  const { PK } = keys.team(teamId);
  const { Items = [], LastEvaluatedKey } = await dynamo.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :kind)',
      ExpressionAttributeValues: { ':pk': PK, ':kind': skPrefix },
      ScanIndexForward: !page.newestFirst,
      ConsistentRead: page.consistentRead ?? true,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.nextToken, { equal: { PK }, prefixed: { SK: skPrefix } }),
    }),
  );
  return { items: Items, nextToken: encodeCursor(LastEvaluatedKey) };
}
