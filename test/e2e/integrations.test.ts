import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ContainerClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { api, outputs, signUpVerified } from '../support/api';

type SignedUp = Awaited<ReturnType<typeof signUpVerified>>;
const as = (who: SignedUp) => who.tokens.id_token;
const unique = () => randomBytes(5).toString('hex');
const aws = () => ({ endpoint: outputs().aws_endpoint, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

async function azureContainer(expiresInDays = 30) {
  const container = `labels-${unique()}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  const client = new ContainerClient(`${outputs().azure_blob_endpoint}/${ACCOUNT}/${container}`, credential);
  await client.create();
  const expiresOn = new Date(Date.now() + expiresInDays * 86400_000);
  expiresOn.setUTCMilliseconds(0);
  const sasToken = generateBlobSASQueryParameters({ containerName: container, permissions: ContainerSASPermissions.parse('rwdl'), expiresOn }, credential).toString();
  return { container, sasToken, expiresOn, client };
}

async function google(config: Record<string, unknown>) {
  const res = await fetch(`${outputs().google_endpoint}/_local/google/config`, { method: 'POST', body: JSON.stringify(config) });
  expect(res.status).toBe(204);
}

async function secretValue(name: string): Promise<string | Error> {
  const client = new SecretsManagerClient(aws());
  return client.send(new GetSecretValueCommand({ SecretId: name })).then((r) => r.SecretString!, (error: Error) => error);
}

async function auditActions(admin: SignedUp): Promise<string> {
  const log = await api('GET', '/v1/team/audit-log?limit=50', { token: as(admin) });
  return JSON.stringify(log.body);
}

async function verify(admin: SignedUp, id: string) {
  const res = await api('POST', `/v1/integrations/${id}/verify`, { token: as(admin) });
  expect(res.status).toBe(200);
  return res.body;
}

// Each test signs teams up and reaches three emulated clouds through cold functions: minutes on a loaded machine, not seconds.
describe('storage integrations over HTTP', { timeout: 180_000 }, () => {
  it('aws_s3: create answers the trust policy naming the platform role and a fresh external id; verify ok; a gone bucket is ok: false with the reason; delete', async () => {
    const admin = await signUpVerified();
    const bucket = `acme-${unique()}`;
    const s3 = new S3Client({ ...aws(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const body = { provider: 'aws_s3', bucket, region: 'us-east-1', prefix: 'refonte/', role_arn: 'arn:aws:iam::210987654321:role/refonte-access' };
    const created = await api('POST', '/v1/integrations', { token: as(admin), body });
    expect(created.status).toBe(201);
    const { id, external_id } = created.body;
    expect(external_id).toMatch(/^refonte-[0-9a-f]{32}$/);
    expect(created.body.trust_policy.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: outputs().integration_role_arn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': external_id } },
    });
    expect(created.body).toMatchObject({ provider: 'aws_s3', auth: 'role', bucket, prefix: 'refonte/', last_verified_at: null, ok: null });
    const second = await api('POST', '/v1/integrations', { token: as(admin), body });
    expect(second.body.external_id).not.toBe(external_id);

    const ok = await verify(admin, id);
    expect(ok).toMatchObject({ ok: true, error: null });
    expect(Object.keys(ok.checks)).toEqual(['assume_role', 'list', 'write', 'read', 'delete']);

    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    const broken = await verify(admin, id);
    expect(broken).toMatchObject({ ok: false, error: `NoSuchBucket: the bucket ${bucket} does not exist.` });
    const shown = await api('GET', `/v1/integrations/${id}`, { token: as(admin) });
    expect(shown.body).toMatchObject({ last_verified_at: broken.checked_at, ok: false, error: broken.error, checks: broken.checks, external_id });

    expect((await api('DELETE', `/v1/integrations/${id}`, { token: as(admin) })).status).toBe(204);
    expect((await api('GET', `/v1/integrations/${id}`, { token: as(admin) })).status).toBe(404);
    expect((await api('POST', `/v1/integrations/${id}/verify`, { token: as(admin) })).status).toBe(404);
    const log = await auditActions(admin);
    for (const action of ['integration.created', 'integration.verified', 'integration.deleted']) expect(log).toContain(action);
  });

  it('azure_blob: the SAS goes to Secrets Manager and is never answered; its expiry is shown and flagged within 7 days; delete removes the secret', async () => {
    const admin = await signUpVerified();
    const { container, sasToken, expiresOn, client } = await azureContainer();
    const created = await api('POST', '/v1/integrations', { token: as(admin), body: { provider: 'azure_blob', account_name: ACCOUNT, container, sas_token: `?${sasToken}` } });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect(created.body).toMatchObject({ provider: 'azure_blob', auth: 'sas_token', account_name: ACCOUNT, container, credential_expires_at: expiresOn.toISOString(), credential_expiring_soon: false });
    const secretName = `refonte/local/integrations/${admin.team.id}/${id}`;
    expect(await secretValue(secretName)).toBe(sasToken);

    expect(await verify(admin, id)).toMatchObject({ ok: true, checks: { list: { result: 'passed' }, write: { result: 'passed' }, read: { result: 'passed' }, delete: { result: 'passed' } } });
    await client.delete();
    const broken = await verify(admin, id);
    expect(broken).toMatchObject({ ok: false, error: `ContainerNotFound: the container ${container} of account ${ACCOUNT} does not exist.` });

    const soon = await azureContainer(3);
    const expiring = await api('POST', '/v1/integrations', { token: as(admin), body: { provider: 'azure_blob', account_name: ACCOUNT, container: soon.container, sas_token: soon.sasToken } });
    expect(expiring.body.credential_expiring_soon).toBe(true);

    const list = await api('GET', '/v1/integrations', { token: as(admin) });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([id, expiring.body.id]);
    const everything = JSON.stringify([created.body, list.body, await api('GET', `/v1/integrations/${id}`, { token: as(admin) }), broken, await auditActions(admin)]);
    expect(everything).not.toContain(sasToken.match(/sig=([^&]+)/)![1]);

    expect((await api('DELETE', `/v1/integrations/${id}`, { token: as(admin) })).status).toBe(204);
    expect(await secretValue(secretName)).toBeInstanceOf(Error);
  });

  it('gcp_gcs keyless: answers the gcloud setup; verify exchanges the platform role\'s signed identity and impersonates; a revoked binding is ok: false', async () => {
    const admin = await signUpVerified();
    const id = unique();
    const provider = `projects/123456789012/locations/global/workloadIdentityPools/pool-${id}/providers/aws-${id}`;
    const serviceAccount = `refonte-${id}@acme-labels.iam.gserviceaccount.com`;
    const bucket = `acme-${id}`;
    const roleName = outputs().integration_role_arn.split('/').at(-1)!;
    await google({
      providers: { [provider]: { aws_account_id: '123456789012', aws_role_name: roleName } },
      impersonation: { [serviceAccount]: [provider] },
      buckets: { [bucket]: { [serviceAccount]: ['list', 'get', 'create', 'delete'] } },
    });
    const created = await api('POST', '/v1/integrations', {
      token: as(admin),
      body: { provider: 'gcp_gcs', bucket, workload_identity_provider: `//iam.googleapis.com/${provider}`, service_account_email: serviceAccount },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ auth: 'keyless', workload_identity_provider: provider, service_account_email: serviceAccount });
    expect(created.body.setup.principal_set).toContain(`attribute.aws_role/arn:aws:sts::123456789012:assumed-role/${roleName}`);
    expect(created.body.setup.commands).toHaveLength(4);

    const ok = await verify(admin, created.body.id);
    expect(ok).toMatchObject({ ok: true, checks: { token_exchange: { result: 'passed' } } });
    await google({ impersonation: { [serviceAccount]: [] } });
    const broken = await verify(admin, created.body.id);
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatch(/^Impersonating .* was refused \(403\)/);
    expect((await api('DELETE', `/v1/integrations/${created.body.id}`, { token: as(admin) })).status).toBe(204);
  });

  it('gcp_gcs with a key: the key file (as text) is validated and kept secret; a key Google no longer knows is ok: false; delete removes the secret', async () => {
    const admin = await signUpVerified();
    const id = unique();
    const email = `key-${id}@acme-labels.iam.gserviceaccount.com`;
    const bucket = `acme-${id}`;
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await google({ keys: { [email]: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, buckets: { [bucket]: { [email]: ['list', 'get', 'create', 'delete'] } } });
    const keyFile = { type: 'service_account', project_id: 'acme-labels', private_key_id: 'b'.repeat(40), private_key: privateKey, client_email: email, token_uri: 'http://169.254.169.254/token' };
    const created = await api('POST', '/v1/integrations', { token: as(admin), body: { provider: 'gcp_gcs', bucket, service_account_key: JSON.stringify(keyFile) } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ auth: 'service_account_key', service_account_email: email, project_id: 'acme-labels' });
    expect(JSON.stringify(created.body)).not.toContain('PRIVATE KEY');
    const secretName = `refonte/local/integrations/${admin.team.id}/${created.body.id}`;
    expect(JSON.parse((await secretValue(secretName)) as string)).toEqual({ project_id: 'acme-labels', client_email: email, private_key_id: 'b'.repeat(40), private_key: privateKey });

    expect(await verify(admin, created.body.id)).toMatchObject({ ok: true });
    const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await google({ keys: { [email]: rotated.publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    expect(await verify(admin, created.body.id)).toMatchObject({ ok: false, error: expect.stringMatching(/^Google refused the credentials on list \(401\)/) });
    expect((await api('DELETE', `/v1/integrations/${created.body.id}`, { token: as(admin) })).status).toBe(204);
    expect(await secretValue(secretName)).toBeInstanceOf(Error);
  });

  it('refuses bad input with validation_failed naming the field, writing nothing; customer fields cannot steer a host', async () => {
    const admin = await signUpVerified();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ provider: 'azure_blob', account_name: 'evil.example.com/x', container: 'labels', sas_token: 'sv=1&sp=r&se=2099-01-01&sig=x' }, 'account_name'],
      [{ provider: 'azure_blob', account_name: 'user@169.254.169.254', container: 'labels', sas_token: 'sv=1&sp=r&se=2099-01-01&sig=x' }, 'account_name'],
      [{ provider: 'azure_blob', account_name: 'acme', container: '../x', sas_token: 'sv=1&sp=r&se=2099-01-01&sig=x' }, 'container'],
      [{ provider: 'azure_blob', account_name: 'acme', container: 'labels', sas_token: 'sv=1&sp=r&se=2001-01-01&sig=x' }, 'sas_token'],
      [{ provider: 'aws_s3', bucket: 'acme', region: 'us-east-1.evil.com', role_arn: 'arn:aws:iam::123456789012:role/x' }, 'region'],
      [{ provider: 'aws_s3', bucket: 'acme', region: 'us-east-1', role_arn: 'arn:aws:iam::123:role/x' }, 'role_arn'],
      [{ provider: 'aws_s3', bucket: 'Acme_Bucket', region: 'us-east-1', role_arn: 'arn:aws:iam::123456789012:role/x' }, 'bucket'],
      [{ provider: 'gcp_gcs', bucket: 'acme-labels', workload_identity_provider: 'https://evil.example/token', service_account_email: 'a@evil.example' }, 'workload_identity_provider'],
      [{ provider: 'gcp_gcs', bucket: 'acme-labels', service_account_key: '{"type":"service_account"}' }, 'service_account_key.project_id'],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', '/v1/integrations', { token: as(admin), body });
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await api('GET', '/v1/integrations', { token: as(admin) })).body.items).toEqual([]);
  });

  it('is manager+ only, and another team\'s integration is not found', async () => {
    const admin = await signUpVerified();
    const member = await signUpVerified({ team_name: 'Solo' });
    const attached = await api('POST', `/support/teams/${admin.team.id}/members`, { token: outputs().support_token, body: { email: member.email, role: 'member', reason: 'e2e' } });
    expect(attached.status).toBe(200);
    const body = { provider: 'aws_s3', bucket: `acme-${unique()}`, region: 'us-east-1', role_arn: 'arn:aws:iam::210987654321:role/x' };
    const created = await api('POST', '/v1/integrations', { token: as(admin), body });
    expect((await api('GET', '/v1/integrations', { token: as(member) })).status).toBe(403);
    expect((await api('POST', '/v1/integrations', { token: as(member), body })).status).toBe(403);
    expect((await api('POST', `/v1/integrations/${created.body.id}/verify`, { token: as(member) })).status).toBe(403);
    const stranger = await signUpVerified();
    for (const [method, path] of [['GET', ''], ['POST', '/verify'], ['DELETE', '']] as const) {
      const res = await api(method, `/v1/integrations/${created.body.id}${path}`, { token: as(stranger) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api('GET', `/v1/integrations/${created.body.id}`, { token: as(admin) })).status).toBe(200);
  });
});
