import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ContainerClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, inject, it } from 'vitest';
import type { GoogleConfig, StoragePermission } from '../../scripts/local/google-stand-in';
import { federatedAuthClient, keyAuthClient } from '../../shared/clients/google-storage';
import { credentialsOf } from '../../shared/clients/sts';
import { parseSasToken } from '../../shared/domain/integrations/azure-sas';
import { checkAzureBlob } from '../../shared/storage-probes/azure-blob';
import { checkGcs } from '../../shared/storage-probes/gcs';

/**
 * Azure verification against azurite (which enforces SAS signatures and
 * permissions), and Google verification against the local stand-in (which
 * checks the token exchange's signed GetCallerIdentity by replaying it to
 * the AWS emulator, the impersonation grant, the JWT signature of a key,
 * and each object permission).
 */
const outputs = () => inject('localStack').outputs;
const unique = () => randomBytes(5).toString('hex');

// azurite's well-known development account.
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

async function containerWithSas(permissions: string): Promise<{ container: string; sasToken: string }> {
  const container = `labels-${unique()}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  await new ContainerClient(`${outputs().azure_blob_endpoint}/${ACCOUNT}/${container}`, credential).create();
  const sas = generateBlobSASQueryParameters(
    { containerName: container, permissions: ContainerSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 30 * 86400_000) },
    credential,
  ).toString();
  return { container, sasToken: sas };
}

describe('Azure Blob verification against azurite', () => {
  it('passes list, write, read and delete with a container SAS allowing rwdl', async () => {
    const { container, sasToken } = await containerWithSas('rwdl');
    expect(parseSasToken(sasToken).ok).toBe(true);
    expect(await checkAzureBlob({ accountName: ACCOUNT, container, sasToken })).toEqual({
      list: { result: 'passed' },
      write: { result: 'passed' },
      read: { result: 'passed' },
      delete: { result: 'passed' },
    });
    // The probe blob is gone.
    const left = await new ContainerClient(`${outputs().azure_blob_endpoint}/${ACCOUNT}/${container}?${sasToken}`).listBlobsFlat().next();
    expect(left.done).toBe(true);
  });

  it.each([
    ['list', 'rwd', 'l (list)'],
    ['write', 'rdl', 'w (write) or c (create)'],
    ['read', 'wdl', 'r (read)'],
    ['delete', 'rwl', 'd (delete)'],
  ] as const)('names the SAS permission missing for %s', async (check, permissions, letter) => {
    const { container, sasToken } = await containerWithSas(permissions);
    const checks = await checkAzureBlob({ accountName: ACCOUNT, container, sasToken });
    expect(checks[check]).toEqual({
      result: 'failed',
      error: `AuthorizationPermissionMismatch on ${check}: the SAS token needs permission ${letter} on the container ${container} of account ${ACCOUNT}.`,
    });
    expect(Object.values(checks).filter((c) => c.result === 'passed').length).toBeGreaterThanOrEqual(2);
  });

  it('reports a SAS whose signature is refused, without echoing it', async () => {
    const { container, sasToken } = await containerWithSas('rwdl');
    const forged = sasToken.replace(/sig=[^&]+/, `sig=${encodeURIComponent(randomBytes(32).toString('base64'))}`);
    const checks = await checkAzureBlob({ accountName: ACCOUNT, container, sasToken: forged });
    expect(checks.list).toEqual({ result: 'failed', error: expect.stringMatching(/^(AuthenticationFailed|AuthorizationFailure) on list: the SAS token was refused/) });
    expect(JSON.stringify(checks)).not.toContain('sig=');
  });
});

const configureGoogle = async (config: GoogleConfig) => {
  const res = await fetch(`${outputs().google_endpoint}/_local/google/config`, { method: 'POST', body: JSON.stringify(config) });
  expect(res.status).toBe(204);
};

/** The platform role's session, as the verify function gets it (moto, unauthenticated, grants any AssumeRole). */
async function platformSession() {
  const sts = new STSClient({});
  return credentialsOf(await sts.send(new AssumeRoleCommand({ RoleArn: outputs().integration_role_arn, RoleSessionName: 'refonte-integrations' })));
}

const ALL: StoragePermission[] = ['list', 'get', 'create', 'delete'];
const roleName = () => outputs().integration_role_arn.split('/').at(-1)!;

async function keylessSetup(opts: { trustedRole?: string; impersonation?: boolean; permissions?: StoragePermission[] } = {}) {
  const id = unique();
  const provider = `projects/123456789012/locations/global/workloadIdentityPools/pool-${id}/providers/aws-${id}`;
  const serviceAccount = `refonte-${id}@acme-labels.iam.gserviceaccount.com`;
  const bucket = `acme-${id}`;
  await configureGoogle({
    providers: { [provider]: { aws_account_id: '123456789012', aws_role_name: opts.trustedRole ?? roleName() } },
    impersonation: { [serviceAccount]: opts.impersonation === false ? [] : [provider] },
    buckets: { [bucket]: { [serviceAccount]: opts.permissions ?? ALL } },
  });
  const auth = federatedAuthClient({ providerName: provider, serviceAccountEmail: serviceAccount, region: 'us-east-1', credentials: platformSession });
  return checkGcs({ bucket, serviceAccountEmail: serviceAccount, keyless: true }, auth);
}

describe('Google Cloud Storage verification against the local Google stand-in', () => {
  it('keyless: exchanges a GetCallerIdentity signed by the platform role, impersonates the service account, passes every check', async () => {
    expect(await keylessSetup()).toEqual({
      token_exchange: { result: 'passed' },
      list: { result: 'passed' },
      write: { result: 'passed' },
      read: { result: 'passed' },
      delete: { result: 'passed' },
    });
  });

  it('keyless: a provider that trusts another AWS role refuses the exchange; the storage checks are skipped', async () => {
    const checks = await keylessSetup({ trustedRole: 'someone-else' });
    expect(checks.token_exchange).toEqual({ result: 'failed', error: expect.stringMatching(/^Google's STS refused the token exchange \(403\)/) });
    expect(checks.list).toMatchObject({ result: 'skipped' });
  });

  it('keyless: a service account that does not let the pool impersonate it', async () => {
    const checks = await keylessSetup({ impersonation: false });
    expect(checks.token_exchange).toEqual({ result: 'failed', error: expect.stringMatching(/^Impersonating refonte-.* was refused \(403\): grant our principal set roles\/iam.workloadIdentityUser/) });
  });

  it.each([
    ['list', 'storage.objects.list'],
    ['write', 'storage.objects.create'],
    ['read', 'storage.objects.get'],
    ['delete', 'storage.objects.delete'],
  ] as const)('keyless: names the missing %s permission (%s)', async (check, permission) => {
    const granted = ALL.filter((p) => p !== { list: 'list', write: 'create', read: 'get', delete: 'delete' }[check]);
    const checks = await keylessSetup({ permissions: granted });
    expect(checks[check]).toEqual({ result: 'failed', error: expect.stringContaining(`needs ${permission} on gs://acme-`) });
  });

  it('with a key: self-signed JWTs the stand-in verifies against the key\'s public half; a key it does not know is refused', async () => {
    const id = unique();
    const email = `key-${id}@acme-labels.iam.gserviceaccount.com`;
    const bucket = `acme-${id}`;
    const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
    const real = pair();
    await configureGoogle({ keys: { [email]: real.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, buckets: { [bucket]: { [email]: ALL } } });
    const key = (privateKey: typeof real.privateKey) => ({ client_email: email, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), private_key_id: null });
    const good = await checkGcs({ bucket, serviceAccountEmail: email, keyless: false }, keyAuthClient(key(real.privateKey)));
    expect(good).toEqual({ list: { result: 'passed' }, write: { result: 'passed' }, read: { result: 'passed' }, delete: { result: 'passed' } });
    const other = await checkGcs({ bucket, serviceAccountEmail: email, keyless: false }, keyAuthClient(key(pair().privateKey)));
    expect(other.list).toEqual({ result: 'failed', error: 'Google refused the credentials on list (401): the service account key may have been deleted or disabled.' });
  });
});
