import type { Verification } from './verification';

/** The storage providers a team can connect, and how each authenticates. */
export const PROVIDERS = ['aws_s3', 'azure_blob', 'gcp_gcs'] as const;
export type Provider = (typeof PROVIDERS)[number];

/**
 * - `role`: we assume the customer's AWS role with our external id (no secret);
 * - `sas_token`: an Azure SAS (secret);
 * - `keyless`: Workload Identity Federation from our AWS role (no secret);
 * - `service_account_key`: a Google key file (secret).
 */
export type AuthMethod = 'role' | 'sas_token' | 'keyless' | 'service_account_key';

/** Where the integration points and what the customer must grant: nothing secret. */
export interface IntegrationConfig {
  bucket?: string;
  region?: string;
  prefix?: string;
  role_arn?: string;
  external_id?: string;
  trust_policy?: Record<string, unknown>;
  permissions_policy?: Record<string, unknown>;
  account_name?: string;
  container?: string;
  workload_identity_provider?: string;
  service_account_email?: string;
  project_id?: string;
  setup?: { principal_set: string; commands: string[] };
}

export interface IntegrationRecord {
  id: string;
  team_id: string;
  provider: Provider;
  auth: AuthMethod;
  config: IntegrationConfig;
  /** Whether a credential (SAS token, key file) is kept in Secrets Manager for it. */
  has_secret: boolean;
  /** When the credential stops working, where it says (an Azure SAS's `se`). */
  credential_expires_at: string | null;
  created_at: string;
  created_by: string;
  verification: Verification | null;
}

/** A team may connect at most this many storage integrations. */
export const MAX_INTEGRATIONS_PER_TEAM = 50;
