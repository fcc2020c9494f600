import type { ActorType, AuditActor } from '../domain/actor';
import { newId } from '../domain/ids';
import { keys, TABLE_NAME } from './table';
import { teamItemsPage } from './team-item-pages';
import type { TransactStep } from './transact';

export type { ActorType };

export interface AuditEventInput {
  teamId: string;
  at: string;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

export interface AuditEventRecord {
  id: string;
  at: string;
  actor: AuditActor;
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
}

/**
 * The audit step for a change a user makes to their own account. The log is
 * per team, so an account outside any team has nothing to record it in.
 */
export function ownAccountAuditSteps(
  user: { id: string; team_id: string | null },
  at: string,
  action: string,
  details?: Record<string, unknown>,
): TransactStep[] {
  if (!user.team_id) return [];
  const self = { type: 'user', id: user.id } as const;
  return [auditStep({ teamId: user.team_id, at, actor: self, action, target: self, details })];
}

/**
 * The audit item for a change, as a transaction step: it is written in the
 * same transaction as the change itself, so the log never misses or invents
 * one. Newest-first reads come from the time-ordered sort key.
 */
export function auditStep(event: AuditEventInput): TransactStep {
  const id = newId('evt', Date.parse(event.at));
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...keys.auditEvent(event.teamId, event.at, id),
          type: 'audit_event',
          id,
          at: event.at,
          actor: event.actor,
          action: event.action,
          target: event.target,
          details: event.details ?? {},
        },
      },
    },
  };
}

export function auditEventFromItem(item: Record<string, unknown>): AuditEventRecord {
  const i = item as unknown as AuditEventRecord;
  return { id: i.id, at: i.at, actor: i.actor, action: i.action, target: i.target, details: i.details ?? {} };
}

/**
 * A team's audit log, newest first: the sort key starts with the event's
 * time, so reading the partition backwards is the order a reader wants.
 */
export async function listAuditEvents(
  teamId: string,
  limit: number,
  nextToken?: string,
): Promise<{ items: AuditEventRecord[]; nextToken: string | null }> {
  const page = await teamItemsPage(teamId, keys.auditPrefix(), { limit, nextToken, newestFirst: true, consistentRead: false });
  return { items: page.items.map(auditEventFromItem), nextToken: page.nextToken };
}
