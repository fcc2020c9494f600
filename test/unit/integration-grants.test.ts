import { describe, expect, it } from 'vitest';
import { EXTERNAL_ID_PREFIX, newExternalId, permissionsPolicy, roleParts, trustPolicy } from '../../shared/domain/integrations/aws-access';
import { gcpKeylessSetup } from '../../shared/domain/integrations/gcp-setup';
import { parseWorkloadIdentityProvider } from '../../shared/domain/integrations/storage-names';
import { probeObjectKey, summarize } from '../../shared/domain/integrations/verification';
import { runChecks } from '../../shared/storage-probes/run-checks';

const PLATFORM = 'arn:aws:iam::111122223333:role/refonte-prod-IntegrationAccessRole-ABC123';

describe('what customers grant', () => {
  it('the trust policy lets the platform role assume theirs only with this integration\'s external id', () => {
    const externalId = newExternalId();
    expect(externalId).toMatch(new RegExp(`^${EXTERNAL_ID_PREFIX}[0-9a-f]{32}$`));
    expect(newExternalId()).not.toBe(externalId);
    expect(trustPolicy(PLATFORM, externalId)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: PLATFORM }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } },
      ],
    });
  });

  it('the bucket permissions are list under the prefix and object read/write/delete there', () => {
    expect(permissionsPolicy('acme', 'exports/').Statement).toEqual([
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme', Condition: { StringLike: { 's3:prefix': ['exports/*'] } } },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::acme/exports/*' },
    ]);
    expect(permissionsPolicy('acme', '').Statement[0]).not.toHaveProperty('Condition');
  });

  it('the keyless Google setup trusts our account and role only, then binds the service account and the bucket', () => {
    expect(roleParts(PLATFORM)).toEqual({ accountId: '111122223333', roleName: 'refonte-prod-IntegrationAccessRole-ABC123' });
    const provider = parseWorkloadIdentityProvider('projects/987654321/locations/global/workloadIdentityPools/refonte/providers/refonte-aws')!;
    const setup = gcpKeylessSetup(PLATFORM, provider, 'refonte@acme-labels.iam.gserviceaccount.com', 'acme-labels');
    const assumed = 'arn:aws:sts::111122223333:assumed-role/refonte-prod-IntegrationAccessRole-ABC123';
    expect(setup.principal_set).toBe(`principalSet://iam.googleapis.com/projects/987654321/locations/global/workloadIdentityPools/refonte/attribute.aws_role/${assumed}`);
    expect(setup.commands).toEqual([
      'gcloud iam workload-identity-pools create refonte --location=global --project=987654321',
      `gcloud iam workload-identity-pools providers create-aws refonte-aws --location=global --workload-identity-pool=refonte --project=987654321 --account-id=111122223333 --attribute-condition="assertion.arn.startsWith('${assumed}/')"`,
      `gcloud iam service-accounts add-iam-policy-binding refonte@acme-labels.iam.gserviceaccount.com --role=roles/iam.workloadIdentityUser --member="${setup.principal_set}"`,
      'gcloud storage buckets add-iam-policy-binding gs://acme-labels --member=serviceAccount:refonte@acme-labels.iam.gserviceaccount.com --role=roles/storage.objectUser',
    ]);
  });
});

describe('verification checks', () => {
  it('the probe object lives under the prefix', () => {
    expect(probeObjectKey('exports/')).toMatch(/^exports\/\.refonte-access-check-[0-9a-f]{16}$/);
    expect(probeObjectKey('exports')).toMatch(/^exports\/\.refonte-/);
    expect(probeObjectKey('')).toMatch(/^\.refonte-/);
  });

  it('a failed credential step skips the rest; storage checks each run and report on their own', async () => {
    const denied = () => Promise.reject(new Error('denied'));
    const fine = () => Promise.resolve();
    const explain = (check: string) => `${check} refused`;
    expect(
      await runChecks(
        [
          { name: 'assume_role', gate: true, run: denied },
          { name: 'list', run: fine },
        ],
        explain,
      ),
    ).toEqual({ assume_role: { result: 'failed', error: 'assume_role refused' }, list: { result: 'skipped', error: 'Not tried: the assume role step failed.' } });
    const checks = await runChecks(
      [
        { name: 'list', run: fine },
        { name: 'write', run: denied },
        { name: 'read', run: fine },
        { name: 'delete', run: denied },
      ],
      explain,
    );
    expect(summarize(checks, '2026-12-01T00:00:00.000Z')).toEqual({
      ok: false,
      checked_at: '2026-12-01T00:00:00.000Z',
      error: 'write refused',
      checks: { list: { result: 'passed' }, write: { result: 'failed', error: 'write refused' }, read: { result: 'passed' }, delete: { result: 'failed', error: 'delete refused' } },
    });
  });

  it('stops at the time budget, even for a call that ignores its abort signal', async () => {
    const started = Date.now();
    const checks = await runChecks(
      [
        { name: 'list', run: () => new Promise<void>(() => undefined) },
        { name: 'write', run: () => Promise.resolve() },
      ],
      () => 'unused',
      200,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(checks.list).toEqual({ result: 'failed', error: expect.stringMatching(/^Timed out/) });
    expect(checks.write).toEqual({ result: 'failed', error: expect.stringMatching(/^Timed out/) });
  });
});
