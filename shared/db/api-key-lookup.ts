import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { keys, TABLE_NAME } from './table';

export interface ApiKeyIdentity {
  keyId: string;
  teamId: string;
  environment: 'live' | 'test';
}

export async function findApiKeyByHash(keyHash: string): Promise<ApiKeyIdentity | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.apiKeyLookup(keyHash) }));
  if (!Item || Item.revoked_at) return null;
  return { keyId: Item.key_id as string, teamId: Item.team_id as string, environment: Item.environment as 'live' | 'test' };
}
