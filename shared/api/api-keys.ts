import * as z from 'zod';
import { KEY_ENVIRONMENTS } from '../domain/api-keys';
import { listOf, Name, Timestamp } from './common';

export const KeyEnvironment = z.enum(KEY_ENVIRONMENTS);

export const ApiKeyIdParams = z.strictObject({ id: z.string().min(1).max(100) });

export const CreateApiKeyBody = z.strictObject({ environment: KeyEnvironment, name: Name().optional() }).meta({ id: 'CreateApiKeyRequest' });

const apiKeyFields = {
  id: z.string(),
  environment: KeyEnvironment,
  name: z.string().nullable(),
  last_four: z.string(),
  created_at: Timestamp,
  created_by: z.string(),
  last_used_at: Timestamp.nullable().meta({ description: 'Moves at most once a minute' }),
};

export const ApiKey = z.object(apiKeyFields).meta({ id: 'ApiKey' });
export const ApiKeyList = listOf(ApiKey, 'ApiKeyList');
export const CreatedApiKey = z
  .object({ ...apiKeyFields, key: z.string().meta({ example: 'test_…' }) })
  .meta({ id: 'CreatedApiKey' });
export const ApiKeySecret = z.object({ key: z.string() }).meta({ id: 'ApiKeySecret' });
