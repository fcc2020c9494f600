import { newId } from '../domain/ids';
import { keys, TABLE_NAME } from './table';
import type { TransactStep } from './transact';

export type ActorType = 'user' | 'api_key' | 'support' | 'system';

export interface AuditEventInput {
  teamId: string;
  at: string;
  actor: { type: ActorType; id: string };
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

export interface AuditEventRecord {
  id: string;
  at: string;
  actor: { type: ActorType; id: string };
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
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
