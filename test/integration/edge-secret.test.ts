import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_STAGE } from '../../scripts/local/function-env';
import { secretsManager } from '../../shared/clients/secrets-manager';
import { edgeSecretName } from '../../shared/http/edge';
import { isEdgeSecret, resetEdgeSecretState } from '../../shared/secrets/edge-secret';

/** The edge secret as the per-client limits read it: the local stack's, in moto, through the real client. */
describe('isEdgeSecret', () => {
  const name = edgeSecretName(LOCAL_STAGE);
  afterEach(() => {
    delete process.env.EDGE_SECRET_NAME;
    resetEdgeSecretState();
  });

  it('recognises the secret and nothing else, not even a prefix or an extension of it', async () => {
    process.env.EDGE_SECRET_NAME = name;
    const secret = (await secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!;
    expect(await isEdgeSecret(secret)).toBe(true);
    expect(await isEdgeSecret(secret.slice(0, -1))).toBe(false);
    expect(await isEdgeSecret(`${secret}x`)).toBe(false);
    expect(await isEdgeSecret('')).toBe(false);
  });

  it('answers no, without throwing, when the function has no secret or the secret cannot be read', async () => {
    expect(await isEdgeSecret('anything')).toBe(false);
    process.env.EDGE_SECRET_NAME = 'refonte-edge-origin/no-such-stage';
    expect(await isEdgeSecret('anything')).toBe(false);
  });

  it('after a failed read, answers no without asking again for a while: each request carrying the header must not cost a call', async () => {
    process.env.EDGE_SECRET_NAME = 'refonte-edge-origin/no-such-stage';
    expect(await isEdgeSecret('anything')).toBe(false);
    process.env.EDGE_SECRET_NAME = name;
    const secret = (await secretsManager.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!;
    expect(await isEdgeSecret(secret)).toBe(false);
    resetEdgeSecretState();
    expect(await isEdgeSecret(secret)).toBe(true);
  });
});
