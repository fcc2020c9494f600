import { expiresSoon } from '../domain/integrations/azure-sas';
import type { IntegrationRecord } from '../domain/integrations/integration';

/** An integration on the wire: its settings and grants, its last verification; never a credential. */
export function presentIntegration(integration: IntegrationRecord, now = new Date()) {
  const v = integration.verification;
  return {
    id: integration.id,
    provider: integration.provider,
    auth: integration.auth,
    ...integration.config,
    credential_expires_at: integration.credential_expires_at,
    credential_expiring_soon: expiresSoon(integration.credential_expires_at, now),
    created_at: integration.created_at,
    created_by: integration.created_by,
    last_verified_at: v?.checked_at ?? null,
    ok: v?.ok ?? null,
    checks: v?.checks ?? null,
    error: v?.error ?? null,
  };
}
