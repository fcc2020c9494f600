import type { Schemas } from '../../../client';

export type Provider = Schemas['Integration']['provider'];

interface ProviderField {
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
  secret?: boolean;
}

/** Each provider's connection fields, as the API's create request names them. */
export const PROVIDERS: Record<Provider, { title: string; fields: ProviderField[] }> = {
  aws_s3: {
    title: 'AWS S3',
    fields: [
      { name: 'bucket', label: 'S3 bucket' },
      { name: 'region', label: 'AWS region', hint: 'e.g. eu-west-3' },
      { name: 'prefix', label: 'Key prefix (optional)', optional: true, hint: 'The platform works under it; the whole bucket if empty.' },
      { name: 'role_arn', label: 'IAM role ARN', hint: 'The role we assume: after adding, put the trust policy shown on it.' },
    ],
  },
  azure_blob: {
    title: 'Azure Blob Storage',
    fields: [
      { name: 'account_name', label: 'Storage account' },
      { name: 'container', label: 'Blob container' },
      { name: 'sas_token', label: 'Container SAS token', secret: true, hint: 'With r, w (or c), d and l permissions; stored as a secret, never shown again.' },
    ],
  },
  gcp_gcs: {
    title: 'Google Cloud Storage',
    fields: [
      { name: 'bucket', label: 'Cloud Storage bucket' },
      { name: 'workload_identity_provider', label: 'Workload identity provider (keyless)', optional: true, hint: 'projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>' },
      { name: 'service_account_email', label: 'Service account email (keyless)', optional: true },
      { name: 'service_account_key', label: 'Service account key JSON (instead of keyless)', optional: true, secret: true, hint: 'Keyless access is preferred; a key is stored as a secret, never shown again.' },
    ],
  },
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as Provider[];
export const PROVIDER_TITLES = Object.fromEntries(PROVIDER_IDS.map((p) => [p, PROVIDERS[p].title])) as Record<Provider, string>;

/** Where the platform reads and writes: `bucket/prefix`, or `account/container`. */
export function locationOf(i: Schemas['Integration']): string {
  if (i.provider === 'azure_blob') return `${i.account_name}/${i.container}`;
  return `${i.bucket}${i.prefix ? `/${i.prefix}` : ''}`;
}

const CHECK_WORDS: Record<string, string> = {
  assume_role: 'assume the IAM role',
  token_exchange: 'exchange the workload identity token',
  list: 'list objects',
  write: 'write an object',
  read: 'read an object',
  delete: 'delete an object',
};

const and = (words: string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words.join(''));

type Verification = Pick<Schemas['IntegrationVerification'], 'ok' | 'error' | 'checks'>;

/**
 * A verification in words: all passed, or the first grant that failed and
 * why — the checks run in order, so the ones after it usually fail for the
 * same reason and are only named.
 */
export function verificationWords(v: Verification): string {
  if (v.ok) return 'Verified: the platform can list, write, read and delete objects there.';
  const [first, ...rest] = Object.entries(v.checks ?? {}).filter(([, outcome]) => outcome?.result === 'failed');
  if (!first) return `Not verified: ${v.error ?? 'the check failed'}.`;
  const [name, outcome] = first;
  const why = outcome?.error ? ` (${outcome.error.replace(/\.$/, '')})` : '';
  const also = rest.length ? `; ${and(rest.map(([n]) => n.replace(/_/g, ' ')))} failed too` : '';
  return `Not verified: could not ${CHECK_WORDS[name] ?? name}${why}${also}.`;
}
