import type { AuthClient } from 'google-auth-library';
import type { Bucket } from '@google-cloud/storage';
import { isTokenExchangeUrl, storageWith } from '../clients/google-storage';
import type { CheckName, Checks } from '../domain/integrations/verification';
import { PROBE_BODY, runChecks, storageSteps, type CheckStep, type StorageOps } from './run-checks';

export interface GcsTarget {
  bucket: string;
  /** Who the platform acts as: the customer's service account. */
  serviceAccountEmail: string;
  /** Keyless: the token exchange and impersonation come first, as their own check. */
  keyless: boolean;
}

const GCS_PERMISSION: Record<'list' | 'write' | 'read' | 'delete', string> = {
  list: 'storage.objects.list',
  write: 'storage.objects.create',
  read: 'storage.objects.get',
  delete: 'storage.objects.delete',
};

/**
 * Keyless: get the impersonated service account's token (exchange, then
 * impersonation) as the `token_exchange` check. Then, as the service
 * account: list one object, write, read back and delete a probe object.
 */
export async function checkGcs(target: GcsTarget, auth: AuthClient): Promise<Checks> {
  const bucket = storageWith(auth).bucket(target.bucket);
  const exchange: CheckStep[] = target.keyless
    ? [{ name: 'token_exchange', gate: true, run: async () => void (await auth.getAccessToken()) }]
    : [];
  return runChecks([...exchange, ...storageSteps(() => bucketOps(bucket), '')], explainGcs(target));
}

function bucketOps(bucket: Bucket): StorageOps {
  const absentIsFine = (error: unknown) => {
    if (statusOf(error) !== 404) throw error;
  };
  return {
    list: async () => void (await bucket.getFiles({ maxResults: 1, autoPaginate: false })),
    write: async (key) => void (await bucket.file(key).save(PROBE_BODY, { resumable: false, contentType: 'text/plain', validation: false })),
    read: (key) => bucket.file(key).download().then(() => undefined, absentIsFine),
    remove: (key) => bucket.file(key).delete().then(() => undefined, absentIsFine),
  };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; status?: unknown; response?: { status?: number } };
  const status = typeof e.code === 'number' ? e.code : typeof e.status === 'number' ? e.status : e.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function explainGcs(target: GcsTarget) {
  const account = target.serviceAccountEmail;
  return (check: CheckName, error: unknown): string => {
    const status = statusOf(error);
    if (check === 'token_exchange') {
      const url = (error as { config?: { url?: unknown } }).config?.url;
      return isTokenExchangeUrl(url === undefined ? undefined : String(url))
        ? `Google's STS refused the token exchange (${status ?? 'no answer'}): check that the workload identity provider trusts our AWS account and role (see setup).`
        : `Impersonating ${account} was refused (${status ?? 'no answer'}): grant our principal set roles/iam.workloadIdentityUser on it (see setup).`;
    }
    const permission = GCS_PERMISSION[check as keyof typeof GCS_PERMISSION];
    if (status === 401) return `Google refused the credentials on ${check} (401): the service account key may have been deleted or disabled.`;
    if (status === 404) return `The bucket ${target.bucket} does not exist (404).`;
    if (status === 403) return `Forbidden on ${check} (403): ${account} needs ${permission} on gs://${target.bucket}.`;
    return `${status ?? 'No answer'} on ${check} at gs://${target.bucket}.`;
  };
}
