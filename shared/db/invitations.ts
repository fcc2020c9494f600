import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { EmailStatus } from '../email/send-email';
import { AlreadyMemberError, ConcurrentChangeError, RateLimitedError } from '../errors';
import { auditStep, type AuditEventInput } from './audit-events';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, TABLE_NAME, ttlEpoch } from './table';
import type { TransactStep } from './transact';
import { buildUpdate } from './update-expression';

/**
 * Invitations. Four item types work together:
 * - the invitation (`TEAM#<team>` / `INV#<id>`): its state and the hash of
 *   its one live token;
 * - a token item per token ever issued (`INVTOKEN#<hash>`), never deleted
 *   before its TTL, so a replaced or resent token still finds its invitation
 *   and is answered 410 rather than 404;
 * - the address pointer (`TEAM#<team>` / `INVEMAIL#<email>`): the team's one
 *   pending invitation for that address, moved with a condition, so of two
 *   concurrent invitations to one address one cleanly replaces the other;
 * - the daily counter (`TEAM#<team>` / `INVCOUNT#<day>`), capped by a condition.
 *
 * Steps whose condition fails because the state moved since the caller read
 * it throw ConcurrentChangeError: the use case re-reads and decides again,
 * so the answer (410, 409, …) always reflects the state that won.
 */

export type InvitationRole = 'member' | 'manager';
/** What is stored. `expired` is never stored: it is a pending invitation past `expires_at`, computed on read. */
export type StoredInvitationStatus = 'pending' | 'accepted' | 'revoked';
export type InvitationStatus = StoredInvitationStatus | 'expired';

export interface InvitationRecord {
  id: string;
  team_id: string;
  /** Normalised address. */
  email: string;
  role: InvitationRole;
  status: StoredInvitationStatus;
  invited_by: string;
  /** As the email named them; the preview shows the same name. */
  invited_by_name: string;
  /** SHA-256 of the one token that currently opens this invitation. */
  token_hash: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  /** Set when a newer invitation to the same address replaced this one. */
  replaced_by: string | null;
  /** `failed` until SES is known to have taken the latest email: when unsure, resend. */
  email_status: EmailStatus;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Items outlive their expiry by this much, so a late click says "gone" (410) rather than "unknown" (404). */
const KEEP_AFTER_EXPIRY_MS = 30 * DAY_MS;
/** Counters only need to outlive their day. */
const KEEP_COUNTER_MS = 3 * DAY_MS;

const ttlFor = (expiresAt: string) => ttlEpoch(expiresAt, KEEP_AFTER_EXPIRY_MS);
const STATUS = { '#status': 'status' };

export function invitationStatus(invitation: Pick<InvitationRecord, 'status' | 'expires_at'>, now: string): InvitationStatus {
  return invitation.status === 'pending' && invitation.expires_at <= now ? 'expired' : invitation.status;
}

/** The list filter for a status; it must say what `invitationStatus` says, which is why they live side by side. */
function statusFilter(status: InvitationStatus, now: string) {
  switch (status) {
    case 'pending':
      return { expression: '#status = :pending AND expires_at > :now', values: { ':pending': 'pending', ':now': now } };
    case 'expired':
      return { expression: '#status = :pending AND expires_at <= :now', values: { ':pending': 'pending', ':now': now } };
    default:
      return { expression: '#status = :status', values: { ':status': status } };
  }
}

export function invitationToItem(invitation: InvitationRecord): Record<string, unknown> {
  return {
    ...keys.invitation(invitation.team_id, invitation.id),
    type: 'invitation',
    ...invitation,
    expires_at_epoch: ttlFor(invitation.expires_at),
  };
}

export function invitationFromItem(item: Record<string, unknown>): InvitationRecord {
  const i = item as unknown as InvitationRecord;
  return {
    id: i.id,
    team_id: i.team_id,
    email: i.email,
    role: i.role,
    status: i.status,
    invited_by: i.invited_by,
    invited_by_name: i.invited_by_name,
    token_hash: i.token_hash,
    created_at: i.created_at,
    expires_at: i.expires_at,
    accepted_at: i.accepted_at ?? null,
    accepted_by: i.accepted_by ?? null,
    revoked_at: i.revoked_at ?? null,
    replaced_by: i.replaced_by ?? null,
    email_status: i.email_status ?? 'failed',
  };
}

// ---------------------------------------------------------------- reads

export async function getInvitation(teamId: string, invitationId: string): Promise<InvitationRecord | null> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.invitation(teamId, invitationId), ConsistentRead: true }),
  );
  return Item ? invitationFromItem(Item) : null;
}

/** Which invitation a token was issued for (whether or not it is still the live one). */
export async function findInvitationIdByToken(tokenHash: string): Promise<{ teamId: string; invitationId: string } | null> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.invitationToken(tokenHash), ConsistentRead: true }),
  );
  return Item ? { teamId: Item.team_id as string, invitationId: Item.invitation_id as string } : null;
}

/** The team's pending invitation for an address, as its pointer names it. */
export async function findPendingInvitationId(teamId: string, normalizedEmail: string): Promise<string | null> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.invitationForEmail(teamId, normalizedEmail), ConsistentRead: true }),
  );
  return (Item?.invitation_id as string | undefined) ?? null;
}

/**
 * Filtered pages read this many items per round trip. A team holds at most
 * (daily cap × the ~37 days an invitation item lives) invitations, so even a
 * rare status is found in a bounded number of reads.
 */
const FILTERED_READ_SIZE = 200;

/**
 * A team's invitations, newest first (`inv_` ids sort by creation),
 * optionally by status. Pages are full: a filter that skips items keeps
 * reading, and a page cut short resumes right after its last item.
 */
export async function listInvitations(
  teamId: string,
  opts: { status?: InvitationStatus; limit: number; nextToken?: string; now: string },
): Promise<{ items: InvitationRecord[]; nextToken: string | null }> {
  const partition = keys.invitation(teamId, '');
  const filter = opts.status ? statusFilter(opts.status, opts.now) : null;
  const found: Record<string, unknown>[] = [];
  let startKey = decodeCursor(opts.nextToken, { equal: { PK: partition.PK }, prefixed: { SK: keys.invitationPrefix() } });
  do {
    const { Items = [], LastEvaluatedKey } = await dynamo.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :inv)',
        ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: STATUS } : {}),
        ExpressionAttributeValues: { ':pk': partition.PK, ':inv': keys.invitationPrefix(), ...filter?.values },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: filter ? FILTERED_READ_SIZE : opts.limit - found.length,
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...Items);
    startKey = LastEvaluatedKey;
  } while (found.length < opts.limit && startKey);

  if (found.length > opts.limit) {
    found.length = opts.limit;
    const last = found[opts.limit - 1]!;
    startKey = { PK: last.PK, SK: last.SK };
  }
  return { items: found.map(invitationFromItem), nextToken: encodeCursor(startKey) };
}

// ---------------------------------------------------------------- transaction steps

export function putInvitationStep(invitation: InvitationRecord): TransactStep {
  return {
    item: { Put: { TableName: TABLE_NAME, Item: invitationToItem(invitation), ConditionExpression: 'attribute_not_exists(PK)' } },
  };
}

/** Records which invitation a token opens; kept (until TTL) after the token dies. */
export function putTokenStep(tokenHash: string, invitation: Pick<InvitationRecord, 'id' | 'team_id' | 'expires_at'>): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...keys.invitationToken(tokenHash),
          type: 'invitation_token',
          invitation_id: invitation.id,
          team_id: invitation.team_id,
          expires_at: invitation.expires_at,
          expires_at_epoch: ttlFor(invitation.expires_at),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  };
}

/**
 * Makes `invitation` the address's pending invitation. The condition says the
 * pointer still names `previousId` (or nothing): a concurrent invitation to
 * the same address makes one of the two re-decide, never leaving two pending.
 */
export function pointToInvitationStep(
  invitation: Pick<InvitationRecord, 'id' | 'team_id' | 'email' | 'expires_at'>,
  previousId: string | null,
): TransactStep {
  return {
    item: {
      Put: {
        TableName: TABLE_NAME,
        Item: {
          ...keys.invitationForEmail(invitation.team_id, invitation.email),
          type: 'invitation_pointer',
          invitation_id: invitation.id,
          // Dies with the invitation it names, so an ignored invitation leaves nothing behind.
          expires_at_epoch: ttlFor(invitation.expires_at),
        },
        ConditionExpression: previousId ? 'invitation_id = :previous' : 'attribute_not_exists(PK)',
        ...(previousId ? { ExpressionAttributeValues: { ':previous': previousId } } : {}),
      },
    },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}

/** The invitation leaves `pending`: the address has no pending invitation any more. */
export function releasePointerStep(invitation: Pick<InvitationRecord, 'id' | 'team_id' | 'email'>): TransactStep {
  return {
    item: {
      Delete: {
        TableName: TABLE_NAME,
        Key: keys.invitationForEmail(invitation.team_id, invitation.email),
        ConditionExpression: 'invitation_id = :id',
        ExpressionAttributeValues: { ':id': invitation.id },
      },
    },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}

/** A conditional state change of a pending invitation; any other state means it moved since it was read. */
function updatePendingStep(
  invitation: Pick<InvitationRecord, 'id' | 'team_id'>,
  fields: Record<string, unknown>,
  extraCondition = '',
  extraValues: Record<string, unknown> = {},
): TransactStep {
  const update = buildUpdate(fields);
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.invitation(invitation.team_id, invitation.id),
        ...update,
        ConditionExpression: `#status = :pending${extraCondition}`,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...STATUS },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': 'pending', ...extraValues },
      },
    },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}

/** Revoked by a manager, or (`replacedBy`) by a newer invitation to the same address. */
export function revokeStep(invitation: Pick<InvitationRecord, 'id' | 'team_id'>, at: string, replacedBy?: string): TransactStep {
  return updatePendingStep(invitation, { status: 'revoked', revoked_at: at, replaced_by: replacedBy });
}

/** A new token and expiry (resend): the old token's item stays, but no longer matches `token_hash`. */
export function reissueStep(invitation: Pick<InvitationRecord, 'id' | 'team_id'>, tokenHash: string, expiresAt: string): TransactStep {
  return updatePendingStep(invitation, {
    token_hash: tokenHash,
    expires_at: expiresAt,
    expires_at_epoch: ttlFor(expiresAt),
    email_status: 'failed',
  });
}

/** Keeps the address pointer alive as long as the resent invitation it names. */
export function extendPointerStep(invitation: Pick<InvitationRecord, 'id' | 'team_id' | 'email'>, expiresAt: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.invitationForEmail(invitation.team_id, invitation.email),
        UpdateExpression: 'SET expires_at_epoch = :ttl',
        ConditionExpression: 'invitation_id = :id',
        ExpressionAttributeValues: { ':ttl': ttlFor(expiresAt), ':id': invitation.id },
      },
    },
    onConditionFailed: () => new ConcurrentChangeError(),
  };
}

/**
 * Single use, on the write itself: still pending, opened by this very token
 * (not a replaced or resent one) and not expired.
 */
export function consumeStep(invitation: InvitationRecord, tokenHash: string, userId: string, at: string): TransactStep {
  return updatePendingStep(
    invitation,
    { status: 'accepted', accepted_at: at, accepted_by: userId },
    ' AND token_hash = :hash AND expires_at > :at',
    { ':hash': tokenHash, ':at': at },
  );
}

/** Compensation of `consumeStep`, when the account it was consumed for could not be finished. */
export function restoreStep(invitation: Pick<InvitationRecord, 'id' | 'team_id'>, userId: string): TransactStep {
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.invitation(invitation.team_id, invitation.id),
        UpdateExpression: 'SET #status = :pending REMOVE accepted_at, accepted_by',
        ConditionExpression: '#status = :accepted AND accepted_by = :user',
        ExpressionAttributeNames: STATUS,
        ExpressionAttributeValues: { ':pending': 'pending', ':accepted': 'accepted', ':user': userId },
      },
    },
  };
}

/**
 * One more invitation email from the team today (UTC). The condition caps
 * it; the refusal says when the next day starts.
 */
export function countSentStep(teamId: string, at: string, cap: number): TransactStep {
  const day = at.slice(0, 10);
  const nextDay = Date.parse(day) + DAY_MS;
  return {
    item: {
      Update: {
        TableName: TABLE_NAME,
        Key: keys.invitationDailyCount(teamId, day),
        UpdateExpression: 'ADD sent :one SET expires_at_epoch = if_not_exists(expires_at_epoch, :ttl)',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':ttl': Math.floor((nextDay + KEEP_COUNTER_MS) / 1000) },
      },
    },
    onConditionFailed: () => new RateLimitedError(Math.max(1, Math.ceil((nextDay - Date.parse(at)) / 1000))),
  };
}

/** The invitee's account, if it exists, is not in this team: re-checks at write time what the caller read. */
export function notMemberCheckStep(userId: string, teamId: string): TransactStep {
  return {
    item: {
      ConditionCheck: {
        TableName: TABLE_NAME,
        Key: keys.user(userId),
        ConditionExpression: 'attribute_not_exists(team_id) OR team_id <> :team',
        ExpressionAttributeValues: { ':team': teamId },
      },
    },
    onConditionFailed: () => new AlreadyMemberError(),
  };
}

/** The audit event of an invitation change; details always name the address and role. */
export function invitationAuditStep(
  action: 'created' | 'resent' | 'revoked' | 'accepted',
  invitation: Pick<InvitationRecord, 'id' | 'team_id' | 'email' | 'role'>,
  actor: AuditEventInput['actor'],
  at: string,
  details: Record<string, unknown> = {},
): TransactStep {
  return auditStep({
    teamId: invitation.team_id,
    at,
    actor,
    action: `invitation.${action}`,
    target: { type: 'invitation', id: invitation.id },
    details: { email: invitation.email, role: invitation.role, ...details },
  });
}

// ---------------------------------------------------------------- single writes

/**
 * Records whether SES took the email for this token. Outside the transaction
 * on purpose (the email goes out after the invitation exists), and only if
 * the token is still the live one: a concurrent resend records its own.
 */
export async function recordEmailStatus(
  invitation: Pick<InvitationRecord, 'id' | 'team_id'>,
  tokenHash: string,
  status: EmailStatus,
): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.invitation(invitation.team_id, invitation.id),
        UpdateExpression: 'SET email_status = :status',
        ConditionExpression: 'token_hash = :hash',
        ExpressionAttributeValues: { ':status': status, ':hash': tokenHash },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
