import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CreateIntegrationBody } from '../../shared/api/integrations';
import { expiresSoon, parseSasToken } from '../../shared/domain/integrations/azure-sas';
import { parseServiceAccountKey } from '../../shared/domain/integrations/service-account-key';
import {
  awsRegionProblem,
  azureAccountProblem,
  azureContainerProblem,
  gcsBucketProblem,
  keyPrefixProblem,
  parseWorkloadIdentityProvider,
  roleArnProblem,
  s3BucketProblem,
  serviceAccountEmailProblem,
} from '../../shared/domain/integrations/storage-names';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFile = {
  type: 'service_account',
  project_id: 'acme-labels',
  private_key_id: 'a'.repeat(40),
  private_key: pem,
  client_email: 'refonte@acme-labels.iam.gserviceaccount.com',
  token_uri: 'https://evil.example/token',
};

describe('storage names: the providers\' own rules, and no way to steer a host', () => {
  it.each(['acme-labels', 'a.b.c', 'abc', 'x'.repeat(63)])('S3 bucket %s is accepted', (name) => expect(s3BucketProblem(name)).toBeNull());
  it.each(['ab', 'x'.repeat(64), 'Acme', 'a..b', 'a.-b', '192.168.1.1', 'xn--abc', 'abc-s3alias', 'a_b', 'evil.com/x', 'a@b', '-abc'])(
    'S3 bucket %s is refused',
    (name) => expect(s3BucketProblem(name)).not.toBeNull(),
  );
  it.each(['eu-west-3', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1'])('region %s is accepted', (r) => expect(awsRegionProblem(r)).toBeNull());
  it.each(['eu-west', 'EU-WEST-1', 'us-east-1.evil.com', 'localhost', '', 'us-east-1/'])('region %s is refused', (r) => expect(awsRegionProblem(r)).not.toBeNull());
  it.each(['arn:aws:iam::123456789012:role/refonte', 'arn:aws:iam::123456789012:role/path/to/Refonte-Access_1'])('role ARN %s is accepted', (arn) =>
    expect(roleArnProblem(arn)).toBeNull(),
  );
  it.each([
    'arn:aws:iam::12345678901:role/x',
    'arn:aws:iam::123456789012:user/x',
    'arn:aws:s3:::bucket',
    'arn:aws-cn:iam::123456789012:role/x',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/a b',
  ])('role ARN %s is refused', (arn) => expect(roleArnProblem(arn)).not.toBeNull());
  it('key prefixes: printable, relative, no dot segments', () => {
    expect(keyPrefixProblem('exports/2026/')).toBeNull();
    for (const bad of ['/abs', 'a/../b', 'a\u0000b', 'a\\b', 'x'.repeat(513)]) expect(keyPrefixProblem(bad)).not.toBeNull();
  });
  it('GCS buckets follow Google\'s rules (dots, underscores, no "goog")', () => {
    for (const ok of ['acme-labels', 'acme_labels', 'a.b.c']) expect(gcsBucketProblem(ok)).toBeNull();
    for (const bad of ['goog-x', 'my-google-bucket', 'ab', 'x'.repeat(64), '10.0.0.1', 'a/b', 'A']) expect(gcsBucketProblem(bad)).not.toBeNull();
  });
  it('Azure account names and containers cannot hold a dot, slash or @ (the account becomes a host label)', () => {
    expect(azureAccountProblem('acmelabels')).toBeNull();
    for (const bad of ['acme.labels', 'evil.com/x', 'a@b', 'Acme', 'ab', 'x'.repeat(25), '127.0.0.1']) expect(azureAccountProblem(bad)).not.toBeNull();
    expect(azureContainerProblem('labels-2026')).toBeNull();
    for (const bad of ['ab', 'a--b', '-ab', 'ab-', 'Labels', 'a/b']) expect(azureContainerProblem(bad)).not.toBeNull();
  });
  it('service account emails and workload identity providers', () => {
    expect(serviceAccountEmailProblem('refonte@acme-labels.iam.gserviceaccount.com')).toBeNull();
    expect(serviceAccountEmailProblem('123456-compute@developer.gserviceaccount.com')).toBeNull();
    for (const bad of ['x@evil.com', 'a/b@acme-labels.iam.gserviceaccount.com', 'refonte@acme-labels.iam.gserviceaccount.com?x']) {
      expect(serviceAccountEmailProblem(bad)).not.toBeNull();
    }
    const name = 'projects/123456789012/locations/global/workloadIdentityPools/refonte/providers/refonte-aws';
    expect(parseWorkloadIdentityProvider(name)).toEqual({ projectNumber: '123456789012', pool: 'refonte', provider: 'refonte-aws', name });
    expect(parseWorkloadIdentityProvider(`//iam.googleapis.com/${name}`)?.name).toBe(name);
    expect(parseWorkloadIdentityProvider('projects/x/locations/global/workloadIdentityPools/refonte/providers/refonte-aws')).toBeNull();
  });
});

describe('Azure SAS tokens', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('reads the expiry (se) in each of its forms', () => {
    expect(parseSasToken('?sv=2024-11-04&sp=rwdl&se=2027-01-01T12:30:00Z&sr=c&sig=abc%3D', now)).toEqual({
      ok: true,
      token: 'sv=2024-11-04&sp=rwdl&se=2027-01-01T12:30:00Z&sr=c&sig=abc%3D',
      expiresAt: '2027-01-01T12:30:00.000Z',
    });
    expect(parseSasToken('sv=1&sp=r&se=2027-01-01&sig=x', now)).toMatchObject({ expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(parseSasToken('sv=1&sp=r&se=2027-01-01T08:00Z&sig=x', now)).toMatchObject({ expiresAt: '2027-01-01T08:00:00.000Z' });
  });
  it('refuses URLs, missing parts, bad or past expiries, and characters outside a query string', () => {
    const problems = [
      'https://acme.blob.core.windows.net/c?sv=1&sp=r&se=2027-01-01&sig=x',
      'sv=1&sp=r&sig=x',
      'sv=1&sp=r&se=tomorrow&sig=x',
      'sv=1&sp=r&se=2026-11-30&sig=x',
      'sv=1&sp=r&se=2027-01-01&sig=x#frag',
      'sv=1&sp=r&se=2027-01-01&sig=x y',
    ].map((token) => parseSasToken(token, now));
    expect(problems.every((p) => !p.ok)).toBe(true);
    expect(problems.map((p) => (p.ok ? '' : p.problem))).toEqual([
      expect.stringContaining('not a URL'),
      'is missing se',
      expect.stringContaining('not an ISO-8601'),
      'expired at 2026-11-30T00:00:00.000Z',
      expect.stringContaining('query string'),
      expect.stringContaining('query string'),
    ]);
  });
  it('flags a credential that expires within 7 days', () => {
    expect(expiresSoon('2026-12-07T23:00:00.000Z', now)).toBe(true);
    expect(expiresSoon('2026-12-08T01:00:00.000Z', now)).toBe(false);
    expect(expiresSoon(null, now)).toBe(false);
  });
});

describe('service account key files', () => {
  it('keeps what signing needs and drops the file\'s URLs, from text or object', () => {
    for (const input of [keyFile, JSON.stringify(keyFile)]) {
      const parsed = parseServiceAccountKey(input);
      expect(parsed).toEqual({ ok: true, key: { project_id: 'acme-labels', client_email: keyFile.client_email, private_key_id: 'a'.repeat(40), private_key: pem } });
    }
  });
  it('names each wrong field', () => {
    const parsed = parseServiceAccountKey({ ...keyFile, type: 'authorized_user', client_email: 'x@evil.com', private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.field)).toEqual(['type', 'client_email', 'private_key']);
    expect(parseServiceAccountKey('{not json').ok).toBe(false);
    expect(parseServiceAccountKey([keyFile]).ok).toBe(false);
  });
});

describe('CreateIntegrationBody: validation_failed details name the field, never echo the value', () => {
  const fieldsOf = (body: unknown) => {
    const result = CreateIntegrationBody.safeParse(body);
    expect(result.success).toBe(false);
    return result.error!.issues.map((issue) => issue.path.join('.'));
  };
  it('per provider', () => {
    expect(fieldsOf({ provider: 'aws_s3', bucket: 'Bad_Bucket', region: 'mars-1', role_arn: 'nope' })).toEqual(['bucket', 'region', 'role_arn']);
    expect(fieldsOf({ provider: 'azure_blob', account_name: 'evil.com', container: 'ok-container', sas_token: 'sv=1' })).toEqual(['account_name', 'sas_token']);
    expect(fieldsOf({ provider: 'gcp_gcs', bucket: 'acme-labels', service_account_key: { ...keyFile, private_key: 'x' } })).toEqual(['service_account_key.private_key']);
    expect(fieldsOf({ provider: 'gcp_gcs', bucket: 'acme-labels' })).toEqual(['workload_identity_provider']);
    expect(fieldsOf({ provider: 'gcp_gcs', bucket: 'acme-labels', service_account_email: keyFile.client_email })).toEqual(['workload_identity_provider']);
    expect(fieldsOf({ provider: 'dropbox' })).toEqual(['provider']);
    expect(fieldsOf({ provider: 'aws_s3', bucket: 'acme', region: 'eu-west-3', role_arn: 'arn:aws:iam::123456789012:role/x', endpoint: 'http://169.254.169.254' })).toEqual(['']);
  });
  it('never puts a secret in a message', () => {
    const result = CreateIntegrationBody.safeParse({ provider: 'azure_blob', account_name: 'acme', container: 'labels', sas_token: 'sv=1&sp=r&se=2001-01-01&sig=SECRETSIG' });
    expect(JSON.stringify(result.error!.issues)).not.toContain('SECRETSIG');
  });
});
