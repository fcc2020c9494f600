import { roleParts } from './aws-access';
import type { WorkloadIdentityProvider } from './storage-names';

/**
 * The grants a customer makes in Google Cloud for keyless access: an AWS
 * provider in their workload identity pool that trusts our AWS account and
 * only our platform role, the right for that role to impersonate their
 * service account, and the service account's access to the bucket.
 */
export interface GcpKeylessSetup {
  /** The principal set our platform role appears as in their pool. */
  principal_set: string;
  /** The `gcloud` commands, in order (the pool and provider ones only if not made yet). */
  commands: string[];
}

export function gcpKeylessSetup(
  platformRoleArn: string,
  provider: WorkloadIdentityProvider,
  serviceAccountEmail: string,
  bucket: string,
): GcpKeylessSetup {
  const { accountId, roleName } = roleParts(platformRoleArn);
  const assumedRole = `arn:aws:sts::${accountId}:assumed-role/${roleName}`;
  const pool = `projects/${provider.projectNumber}/locations/global/workloadIdentityPools/${provider.pool}`;
  const principalSet = `principalSet://iam.googleapis.com/${pool}/attribute.aws_role/${assumedRole}`;
  const project = `--project=${provider.projectNumber}`;
  return {
    principal_set: principalSet,
    commands: [
      `gcloud iam workload-identity-pools create ${provider.pool} --location=global ${project}`,
      `gcloud iam workload-identity-pools providers create-aws ${provider.provider} --location=global --workload-identity-pool=${provider.pool} ${project} --account-id=${accountId} --attribute-condition="assertion.arn.startsWith('${assumedRole}/')"`,
      `gcloud iam service-accounts add-iam-policy-binding ${serviceAccountEmail} --role=roles/iam.workloadIdentityUser --member="${principalSet}"`,
      `gcloud storage buckets add-iam-policy-binding gs://${bucket} --member=serviceAccount:${serviceAccountEmail} --role=roles/storage.objectUser`,
    ],
  };
}
