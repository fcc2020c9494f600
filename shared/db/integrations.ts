import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { AuditActor } from '../domain/actor';
import { MAX_INTEGRATIONS_PER_TEAM, type IntegrationRecord } from '../domain/integrations/integration';
import type { Verification } from '../domain/integrations/verification';
import { ConcurrentChangeError, IntegrationLimitReachedError, NotFoundError, TeamClosedError } from '../errors';
import { auditStep } from './audit-events';
import { keys, TABLE_NAME } from './table';
import { teamItemsPage } from './team-item-pages';
import type { TransactStep } from './transact';

/**
 * Cloud storage integrations (`TEAM#<team>` / `INTG#<id>`): where the team's
 * storage is, what it must grant, and the last verification. Credentials
 * (SAS tokens, key files) are never here: Secrets Manager holds them. The
 * team item's `integration_count` caps a team's integrations by a condition.
 */
export function integrationFromItem(item: Record<string, unknown>): IntegrationRecord {
  const i = item as unknown as IntegrationRecord;
  return {
    id: i.id,
    team_id: i.team_id,
    provider: i.provider,
    auth: i.auth,
    config: i.config,
    has_secret: i.has_secret,
    credential_expires_at: i.credential_expires_at ?? null,
    created_at: i.created_at,
    created_by: i.created_by,
    verification: i.verification ?? null,
  };
}

export async function getIntegration(teamId: string, integrationId: string): Promise<IntegrationRecord | null> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.integration(teamId, integrationId), ConsistentRead: true }));
  return Item ? integrationFromItem(Item) : null;
}

/** A team's integrations, oldest first, a page at a time. */
export async function listIntegrations(
  teamId: string,
  limit: number,
  nextToken?: string,
): Promise<{ items: IntegrationRecord[]; nextToken: string | null }> {
  const page = await teamItemsPage(teamId, keys.integrationPrefix(), { limit, nextToken });
  return { items: page.items.map(integrationFromItem), nextToken: page.nextToken };
}

/** Counts the integration on its (open) team, capped; `delta` -1 releases a place. */
function countIntegrationStep(teamId: string, delta: 1 | -1): TransactStep {
  const adding = delta === 1;
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.team(teamId),
        UpdateExpression: 'ADD #count :delta',
        ConditionExpression: adding
          ? 'attribute_exists(PK) AND (attribute_not_exists(#status) OR #status = :active) AND (attribute_not_exists(#count) OR #count < :max)'
          : 'attribute_exists(PK) AND #count > :zero',
        ExpressionAttributeNames: { '#count': 'integration_count', ...(adding ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: adding ? { ':delta': 1, ':active': 'active', ':max': MAX_INTEGRATIONS_PER_TEAM } : { ':delta': -1, ':zero': 0 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (old) => {
      if (!adding) return new ConcurrentChangeError();
      if (!old || (old.status !== undefined && old.status !== 'active')) return new TeamClosedError();
      return new IntegrationLimitReachedError(MAX_INTEGRATIONS_PER_TEAM);
    },
  };
}

function integrationAuditStep(integration: IntegrationRecord, actor: AuditActor, action: string, at: string, details: Record<string, unknown> = {}): TransactStep {
  return auditStep({
    teamId: integration.team_id,
    at,
    actor,
    action,
    target: { type: 'integration', id: integration.id },
    details: { provider: integration.provider, auth: integration.auth, ...details },
  });
}

/** Connecting storage: the item, its place under the team's cap, and `integration.created`. */
export function createIntegrationSteps(integration: IntegrationRecord, actor: AuditActor): TransactStep[] {
  return [
    countIntegrationStep(integration.team_id, 1),
    {
      item: {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...keys.integration(integration.team_id, integration.id), type: 'integration', ...integration },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      onConditionFailed: () => new ConcurrentChangeError(),
    },
    integrationAuditStep(integration, actor, 'integration.created', integration.created_at),
  ];
}

/** Disconnecting: the item (still there), its place under the cap, and `integration.deleted`. */
export function deleteIntegrationSteps(integration: IntegrationRecord, actor: AuditActor, at: string): TransactStep[] {
  return [
    {
      item: { Delete: { TableName: TABLE_NAME, Key: keys.integration(integration.team_id, integration.id), ConditionExpression: 'attribute_exists(PK)' } },
      onConditionFailed: () => new NotFoundError('integration'),
    },
    countIntegrationStep(integration.team_id, -1),
    integrationAuditStep(integration, actor, 'integration.deleted', at),
  ];
}

/** A verification's outcome on the (still existing) integration, and `integration.verified`. */
export function recordVerificationSteps(integration: IntegrationRecord, verification: Verification, actor: AuditActor): TransactStep[] {
  return [
    {
      item: {
        Update: {
          TableName: TABLE_NAME,
          Key: keys.integration(integration.team_id, integration.id),
          UpdateExpression: 'SET #verification = :verification',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#verification': 'verification' },
          ExpressionAttributeValues: { ':verification': verification },
        },
      },
      onConditionFailed: () => new NotFoundError('integration'),
    },
    integrationAuditStep(integration, actor, 'integration.verified', verification.checked_at, { ok: verification.ok, error: verification.error }),
  ];
}
