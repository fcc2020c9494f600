import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/routes';
import { handler as authorizer } from '../../functions/authorizer';
import { dynamo } from '../../shared/clients/dynamodb';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { listApiKeys } from '../../shared/db/api-keys';
import { apiKeySecretName } from '../../shared/secrets/api-key-secrets';
import { createApiKey } from '../../shared/use-cases/api-keys/create-api-key';
import { deleteApiKey } from '../../shared/use-cases/api-keys/delete-api-key';
import { revealApiKey } from '../../shared/use-cases/api-keys/reveal-api-key';
import { auditLog, authorizedCaller, createTeam } from '../support/membership-fixtures';

const event = (key: string) =>
  ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api/local/GET/v1/team',
    headers: { authorization: `Bearer ${key}` },
  }) as unknown as APIGatewayRequestAuthorizerEvent;

async function authenticates(key: string): Promise<boolean> {
  try {
    await authorizer(event(key));
    return true;
  } catch (error) {
    if ((error as Error).message === 'Unauthorized') return false;
    throw error;
  }
}

/** Every AWS call the real SDK clients make, by service and command. */
function countCalls() {
  const calls: string[] = [];
  const tap = (service: string, client: { middlewareStack: any }) =>
    client.middlewareStack.add(
      (next: any, context: { commandName?: string }) => async (args: any) => {
        calls.push(`${service}:${(context.commandName ?? '').replace(/Command$/, '')}`);
        return next(args);
      },
      { step: 'initialize', name: `count-${service}`, override: true },
    );
  tap('dynamodb', dynamo);
  tap('secretsmanager', secretsManager as SecretsManagerClient);
  return {
    calls,
    stop: () => {
      dynamo.middlewareStack.remove('count-dynamodb');
      (secretsManager as SecretsManagerClient).middlewareStack.remove('count-secretsmanager');
    },
  };
}

async function managerCaller() {
  const { team, members } = await createTeam(['manager']);
  return { team, caller: await authorizedCaller(routes.createApiKey, members[0]!.id) };
}

afterEach(() => vi.restoreAllMocks());

describe('API keys against DynamoDB Local and moto', () => {
  it('costs exactly one GetItem per authentication and no Secrets Manager call (last_used_at moves at most once a minute)', async () => {
    const { caller } = await managerCaller();
    const { key } = await createApiKey(caller, { environment: 'test' });
    const counter = countCalls();
    try {
      expect(await authenticates(key)).toBe(true);
      // First use: the lookup, and the one conditional move of last_used_at.
      expect(counter.calls).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      counter.calls.length = 0;
      for (let i = 0; i < 5; i++) expect(await authenticates(key)).toBe(true);
      expect(counter.calls).toEqual(Array(5).fill('dynamodb:GetItem'));
      counter.calls.length = 0;
      // A key with a broken checksum costs nothing.
      expect(await authenticates(key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'))).toBe(false);
      expect(counter.calls).toEqual([]);
    } finally {
      counter.stop();
    }
    const [listed] = await listApiKeys(caller.teamId);
    expect(listed!.last_used_at).toEqual(expect.any(String));
  });

  it('Secrets Manager refusing: nothing is written, and a retry works', async () => {
    const { caller } = await managerCaller();
    vi.spyOn(secretsManager, 'send').mockRejectedValueOnce(Object.assign(new Error('injected'), { name: 'InternalServiceError' }) as never);
    await expect(createApiKey(caller, { environment: 'live' })).rejects.toThrow('injected');
    expect(await listApiKeys(caller.teamId)).toEqual([]);
    expect((await auditLog(caller.teamId)).filter((e) => e.action.startsWith('api_key.'))).toEqual([]);
    vi.restoreAllMocks();
    const retried = await createApiKey(caller, { environment: 'live' });
    expect(await authenticates(retried.key)).toBe(true);
  });

  it('the transaction refused after the secret: the orphan secret is scheduled for deletion, nothing authenticates, a retry works', async () => {
    const { caller } = await managerCaller();
    const send = secretsManager.send.bind(secretsManager);
    let orphan: { name: string; key: string } | undefined;
    vi.spyOn(secretsManager, 'send').mockImplementation((async (command: any) => {
      if (command.constructor.name === 'CreateSecretCommand') orphan = { name: command.input.Name, key: command.input.SecretString };
      return send(command);
    }) as never);
    const dynamoSend = dynamo.send.bind(dynamo);
    vi.spyOn(dynamo, 'send').mockImplementation((async (command: any) => {
      if (command.constructor.name === 'TransactWriteCommand') throw Object.assign(new Error('injected'), { name: 'InternalServerError' });
      return dynamoSend(command);
    }) as never);

    await expect(createApiKey(caller, { environment: 'test' })).rejects.toThrow('injected');
    vi.restoreAllMocks();
    expect(orphan).toBeDefined();
    const described = await secretsManager.send(new DescribeSecretCommand({ SecretId: orphan!.name }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    expect(await authenticates(orphan!.key)).toBe(false);
    expect(await listApiKeys(caller.teamId)).toEqual([]);

    const retried = await createApiKey(caller, { environment: 'test' });
    expect(await authenticates(retried.key)).toBe(true);
    expect(await revealApiKey(caller, retried.id)).toBe(retried.key);
  });

  it('names each secret by stage, team and key id, tagged with team and environment', async () => {
    const { caller } = await managerCaller();
    const created = await createApiKey(caller, { environment: 'live', name: 'prod' });
    const described = await secretsManager.send(new DescribeSecretCommand({ SecretId: apiKeySecretName(caller.teamId, created.id) }));
    expect(described.Name).toBe(`${process.env.SECRETS_PREFIX}api-keys/${caller.teamId}/${created.id}`);
    expect(described.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: caller.teamId },
        { Key: 'environment', Value: 'live' },
      ]),
    );
  });

  it('holds the cap under concurrency: 25 parallel creates, exactly 20 succeed', async () => {
    const { caller } = await managerCaller();
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => createApiKey(caller, { environment: 'test' })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(ok).toHaveLength(20);
    expect(refused.map((e) => e.code)).toEqual(Array(5).fill('key_limit_reached'));
    expect(await listApiKeys(caller.teamId)).toHaveLength(20);
  });

  it('delete: the key stops authenticating at once (uncached), its secret is scheduled for deletion, audited', async () => {
    const { caller } = await managerCaller();
    const created = await createApiKey(caller, { environment: 'test' });
    expect(await authenticates(created.key)).toBe(true);
    await deleteApiKey(caller, created.id);
    expect(await authenticates(created.key)).toBe(false);
    const described = await secretsManager.send(new DescribeSecretCommand({ SecretId: apiKeySecretName(caller.teamId, created.id) }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    const actions = (await auditLog(caller.teamId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api_key.created', 'api_key.deleted']));
  });
});
