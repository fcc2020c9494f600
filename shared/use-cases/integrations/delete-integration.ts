import { deleteIntegrationSteps, getIntegration } from '../../db/integrations';
import { actorStillAllowedSteps } from '../../db/memberships';
import { retryOnContention } from '../../db/retry-on-contention';
import { transact } from '../../db/transact';
import type { TeamActor } from '../../domain/actor';
import { NotFoundError } from '../../errors';
import { logger } from '../../powertools';
import { scheduleIntegrationCredentialDeletion } from '../../secrets/integration-credentials';

/**
 * Disconnect a team's storage (manager+).
 *
 * 1. Read it in the caller's team: unknown or another team's → 404.
 * 2. In one transaction: delete it, release its place under the cap,
 *    re-check the caller, write `integration.deleted`.
 * 3. Schedule its credential's deletion (7-day recovery window). A failure
 *    is logged, not answered: nothing uses the credential any more.
 */
export async function deleteIntegration(actor: TeamActor, integrationId: string): Promise<void> {
  const integration = await getIntegration(actor.teamId, integrationId);
  if (!integration) throw new NotFoundError('integration');
  const at = new Date().toISOString();
  await retryOnContention(() => transact([...actorStillAllowedSteps(actor, 'integrations.manage'), ...deleteIntegrationSteps(integration, actor.audit, at)]));
  if (!integration.has_secret) return;
  await scheduleIntegrationCredentialDeletion(integration.team_id, integration.id).catch((error: unknown) =>
    logger.error("Could not schedule the deletion of a deleted integration's credential", { integrationId: integration.id, error: String(error) }),
  );
}
