import * as z from 'zod/mini';
import { KEY_ENVIRONMENTS } from '../domain/api-keys';
import { listOf, Name, Timestamp } from './common';

export const KeyEnvironment = z.enum(KEY_ENVIRONMENTS);

export const ApiKeyIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });

export const CreateApiKeyBody = z.strictObject({ environment: KeyEnvironment, name: z.optional(Name()) }).register(z.globalRegistry, { id: 'CreateApiKeyRequest' });

const apiKeyFields = {
  id: z.string(),
  environment: KeyEnvironment,
  name: z.nullable(z.string()),
  last_four: z.string(),
  created_at: Timestamp,
  created_by: z.string(),
  last_used_at: z.nullable(Timestamp).register(z.globalRegistry, { description: 'Moves at most once a minute' }),
};

export const ApiKey = z.object(apiKeyFields).register(z.globalRegistry, { id: 'ApiKey' });
export const ApiKeyList = listOf(ApiKey, 'ApiKeyList');
export const CreatedApiKey = z
  .object({ ...apiKeyFields, key: z.string().register(z.globalRegistry, { example: 'test_…' }) }).register(z.globalRegistry, { id: 'CreatedApiKey' });
export const ApiKeySecret = z.object({ key: z.string() }).register(z.globalRegistry, { id: 'ApiKeySecret' });
