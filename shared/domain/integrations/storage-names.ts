/**
 * Names a customer gives for their own storage. Every one of them ends up in
 * a URL the platform calls (an S3 region endpoint, an Azure account host, a
 * Google API path), so each is held to the provider's own naming rules —
 * which also leave no room for a dot-separated host, a slash, an `@` or a
 * query: a customer can name a bucket, never steer a request elsewhere.
 */

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;

/** S3 general-purpose bucket naming rules (3–63, lower case, digits, dots, hyphens; reserved forms refused). */
export function s3BucketProblem(name: string): string | null {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'must be lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit';
  if (/\.\.|\.-|-\./.test(name)) return 'must not have two adjacent dots, or a dot next to a hyphen';
  if (IPV4_LIKE.test(name)) return 'must not look like an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'uses a prefix or suffix S3 reserves';
  return null;
}

/** An AWS commercial region code such as `eu-west-3` or `us-gov-west-1`. */
export function awsRegionProblem(region: string): string | null {
  return /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]{4,10}-\d{1,2}$/.test(region) ? null : 'must be an AWS region code such as eu-west-3';
}

/** An IAM role ARN in the commercial partition: `arn:aws:iam::<12 digits>:role/<path/>name`. */
export const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]{1,64}\/){0,16})([\w+=,.@-]{1,64})$/;

export function roleArnProblem(arn: string): string | null {
  return arn.length <= 2048 && ROLE_ARN.test(arn) ? null : 'must be an IAM role ARN: arn:aws:iam::<account id>:role/<name>';
}

/**
 * An object-key prefix inside the bucket (optional): printable, no leading
 * slash, no `.`/`..` segment, at most 512 characters.
 */
export function keyPrefixProblem(prefix: string): string | null {
  if (prefix.length > 512) return 'must be at most 512 characters';
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\\]/u.test(prefix)) return 'must not contain control characters or backslashes';
  if (prefix.startsWith('/')) return 'must not start with a slash';
  if (prefix.split('/').some((segment) => segment === '.' || segment === '..')) return 'must not contain "." or ".." segments';
  return null;
}

/** Google Cloud Storage bucket naming rules (dotted names: components of at most 63, 222 in all). */
export function gcsBucketProblem(name: string): string | null {
  if (name.length < 3 || name.length > 222) return 'must be 3 to 222 characters';
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) return 'must be lower-case letters, digits, dots, hyphens and underscores, starting and ending with a letter or digit';
  if (name.split('.').some((part) => part.length === 0 || part.length > 63)) return 'each dot-separated part must be 1 to 63 characters';
  if (!name.includes('.') && name.length > 63) return 'must be at most 63 characters without dots';
  if (IPV4_LIKE.test(name)) return 'must not look like an IP address';
  if (name.startsWith('goog') || /g(o|0)(o|0)gle/.test(name)) return 'must not start with "goog" or contain "google"';
  return null;
}

/** An Azure storage account name: 3–24 lower-case letters and digits (it becomes the endpoint's host label). */
export function azureAccountProblem(name: string): string | null {
  return /^[a-z0-9]{3,24}$/.test(name) ? null : 'must be 3 to 24 lower-case letters and digits';
}

/** An Azure blob container name: 3–63, lower case, digits, single hyphens, starting and ending with a letter or digit. */
export function azureContainerProblem(name: string): string | null {
  return /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(name)
    ? null
    : 'must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit';
}

/**
 * A Google service account's email. It is put in the IAM Credentials URL's
 * path, so only the characters Google allows in one.
 */
export const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]@(?:[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam|developer|appspot)\.gserviceaccount\.com$/;

export function serviceAccountEmailProblem(email: string): string | null {
  return SERVICE_ACCOUNT_EMAIL.test(email) ? null : 'must be a service account email such as name@project-id.iam.gserviceaccount.com';
}

/** A Workload Identity Federation provider's full resource name. */
const WIF_PROVIDER = /^projects\/(\d{1,20})\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;

export interface WorkloadIdentityProvider {
  projectNumber: string;
  pool: string;
  provider: string;
  /** `projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<provider>` */
  name: string;
}

/** Parses the provider name, with or without the `//iam.googleapis.com/` audience prefix. */
export function parseWorkloadIdentityProvider(value: string): WorkloadIdentityProvider | null {
  const name = value.replace(/^\/\/iam\.googleapis\.com\//, '');
  const match = WIF_PROVIDER.exec(name);
  return match ? { projectNumber: match[1]!, pool: match[2]!, provider: match[3]!, name } : null;
}
