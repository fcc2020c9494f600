import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startMoto, type RunningService } from '../../scripts/local/emulators';
import { trustPolicy } from '../../shared/domain/integrations/aws-access';
import { checkS3, type S3ProbeClients, type S3Target } from '../../shared/storage-probes/aws-s3';

/**
 * The S3 verification against a moto server of its own with IAM enforced
 * (`/moto-api/reset-auth`): moto then evaluates the platform identity's and
 * each assumed role's policies on every call, so a missing permission is a
 * real AccessDenied — and AssumeRole of an existing role is held to the
 * role's trust policy, conditions included: the external id is checked as
 * AWS checks it. (Unauthenticated, as in the shared stack, moto's AssumeRole
 * checks nothing.) The shared stack's moto stays unauthenticated.
 */
const ACCOUNT = '123456789012';
const EXTERNAL_ID = 'refonte-0123456789abcdef0123456789abcdef';
const BUCKET = 'acme-labels';
// No '/' in it: moto's signature check re-encodes a query's '%2F' differently from the SDK (SignatureDoesNotMatch on ListObjectsV2).
const PREFIX = 'exports';
const region = 'us-east-1';
let moto: RunningService;
let platform: AwsCredentialIdentity;
let unprivileged: AwsCredentialIdentity;

const OBJECT_ACTIONS = { list: 's3:ListBucket', write: 's3:PutObject', read: 's3:GetObject', delete: 's3:DeleteObject' } as const;

function clients(identity: () => AwsCredentialIdentity): S3ProbeClients {
  return {
    platformCredentials: async () => identity(),
    sts: (credentials) => new STSClient({ endpoint: moto.endpoint, region, credentials, maxAttempts: 1 }),
    s3: (credentials, bucketRegion) => new S3Client({ endpoint: moto.endpoint, region: bucketRegion, credentials, forcePathStyle: true, maxAttempts: 1 }),
  };
}

async function userWithPolicy(iam: IAMClient, name: string, statement: Record<string, unknown>): Promise<AwsCredentialIdentity> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

/** A customer role allowed every object action the platform needs but `missing`. */
async function customerRole(iam: IAMClient, name: string, missing?: keyof typeof OBJECT_ACTIONS): Promise<string> {
  // The trust policy a customer is given: our platform identity, with this integration's external id.
  const trust = trustPolicy(`arn:aws:iam::${ACCOUNT}:user/platform`, EXTERNAL_ID);
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const allowed = Object.entries(OBJECT_ACTIONS).filter(([check]) => check !== missing);
  const statements = allowed.map(([, action]) => ({ Effect: 'Allow', Action: action, Resource: action === 's3:ListBucket' ? `arn:aws:s3:::${BUCKET}` : `arn:aws:s3:::${BUCKET}/${PREFIX}/*` }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'bucket', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  return Role!.Arn!;
}

const target = (roleArn: string, overrides: Partial<S3Target> = {}): S3Target => ({
  integrationId: 'intg_test',
  bucket: BUCKET,
  region,
  prefix: PREFIX,
  roleArn,
  externalId: EXTERNAL_ID,
  ...overrides,
});

const roles: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto({ port: await freePort() });
  const admin = { endpoint: moto.endpoint, region, credentials: { accessKeyId: 'setup', secretAccessKey: 'setup' } };
  const iam = new IAMClient(admin);
  platform = await userWithPolicy(iam, 'platform', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
  unprivileged = await userWithPolicy(iam, 'someone-else', { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' });
  roles.full = await customerRole(iam, 'customer-full');
  for (const missing of Object.keys(OBJECT_ACTIONS) as Array<keyof typeof OBJECT_ACTIONS>) roles[missing] = await customerRole(iam, `customer-no-${missing}`, missing);
  await new S3Client({ ...admin, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  // From here on moto authenticates and authorises every call.
  const reset = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
  expect(reset.status).toBe(200);
});

afterAll(async () => {
  await moto?.stop();
});

describe('S3 verification against moto with IAM enforced', () => {
  it('passes every check with a role allowed list, read, write and delete under the prefix; assumes it with the external id and a named 15-minute session', async () => {
    const checks = await checkS3(target(roles.full!), clients(() => platform));
    expect(checks).toEqual({
      assume_role: { result: 'passed' },
      list: { result: 'passed' },
      write: { result: 'passed' },
      read: { result: 'passed' },
      delete: { result: 'passed' },
    });
    const recorded = (await (await fetch(`${moto.endpoint}/moto-api/data.json`)).json()) as { sts: { AssumedRole: Array<Record<string, string>> } };
    expect(recorded.sts.AssumedRole.at(-1)).toMatchObject({
      role_arn: roles.full,
      external_id: EXTERNAL_ID,
      session_name: 'refonte-intg_test',
      account_id: ACCOUNT,
    });
  });

  it.each(Object.entries(OBJECT_ACTIONS))('names the missing permission when the role lacks %s (%s), and still runs the other checks', async (missing, action) => {
    const checks = await checkS3(target(roles[missing]!), clients(() => platform));
    expect(checks[missing as keyof typeof OBJECT_ACTIONS]).toEqual({
      result: 'failed',
      error: `AccessDenied on ${missing}: the role needs ${action} on s3://${BUCKET}/${PREFIX}.`,
    });
    const others = Object.keys(OBJECT_ACTIONS).filter((check) => check !== missing && !(missing === 'write' && check === 'read'));
    for (const check of ['assume_role', ...others]) expect(checks[check as keyof typeof checks], check).toEqual({ result: 'passed' });
  });

  it.each([
    ['another external id (the confused deputy: another integration\'s id)', () => platform, 'refonte-ffffffffffffffffffffffffffffffff'],
    ['an identity the trust policy does not name', () => unprivileged, EXTERNAL_ID],
  ])('reports AccessDenied assuming the role with %s, and skips the storage checks', async (_case, identity, externalId) => {
    const checks = await checkS3(target(roles.full!, { externalId }), clients(identity));
    expect(checks.assume_role).toEqual({ result: 'failed', error: "AccessDenied assuming the role: check the trust policy's principal and external id." });
    expect(Object.values(checks).filter((c) => c.result === 'skipped')).toHaveLength(4);
  });

  it('reports a bucket that does not exist', async () => {
    const checks = await checkS3(target(roles.full!, { bucket: 'no-such-bucket-here' }), clients(() => platform));
    expect(checks.list).toMatchObject({ result: 'failed' });
    expect((checks.list as { error: string }).error).toMatch(/no-such-bucket-here/);
  });
});
