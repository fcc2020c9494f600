import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import { isThrottling } from '../dependency-errors';
import { rateWindow, reopensAt, retryAfterSeconds, WINDOW_SECONDS, windowQuota, type RateLimit } from '../domain/rate-limit';
import { RateLimitedError } from '../errors';
import { keys, TABLE_NAME } from './table';

/**
 * Teams this container has seen over their limit, until the limit reopens
 * (epoch ms). A flood's repeat requests are then refused from memory, at no
 * DynamoDB write each. Other containers learn it from their own first
 * refusal; the table stays the only authority for admitting.
 */
const refusedUntil = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function remember(teamId: string, until: number, nowMs: number): void {
  if (refusedUntil.size >= MAX_REMEMBERED) {
    for (const [team, at] of refusedUntil) if (at <= nowMs) refusedUntil.delete(team);
    if (refusedUntil.size >= MAX_REMEMBERED) refusedUntil.clear();
  }
  refusedUntil.set(teamId, until);
}

/**
 * Counts one request of a team, or refuses it with 429: one conditional
 * UpdateItem on the team's counter for the current ten-second window
 * (`total`, and one attribute per second of it). The condition is the limit,
 * so concurrent Lambdas never over-admit. Counters expire a minute later.
 */
export async function countTeamRequest(teamId: string, limit: RateLimit, nowMs = Date.now()): Promise<void> {
  const until = refusedUntil.get(teamId);
  if (until !== undefined) {
    if (nowMs < until) throw new RateLimitedError(Math.max(1, Math.ceil((until - nowMs) / 1000)));
    refusedUntil.delete(teamId);
  }
  const window = rateWindow(nowMs);
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: keys.rateWindow(teamId, window.start),
        UpdateExpression: 'ADD #total :one, #slot :one SET expires_at_epoch = :ttl',
        ConditionExpression: '(attribute_not_exists(#total) OR #total < :quota) AND (attribute_not_exists(#slot) OR #slot < :burst)',
        ExpressionAttributeNames: { '#total': 'total', '#slot': `s${window.slot}` },
        ExpressionAttributeValues: {
          ':one': 1,
          ':quota': windowQuota(limit),
          ':burst': limit.burst,
          ':ttl': window.start + WINDOW_SECONDS + 60,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    // A throttled counter is the team's own heat: answer as its limit does.
    if (isThrottling(error)) throw new RateLimitedError(1);
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const total = Number(error.Item?.total?.N ?? 0);
    const exhausted = total >= windowQuota(limit) ? 'window' : 'second';
    remember(teamId, reopensAt(exhausted, nowMs), nowMs);
    throw new RateLimitedError(retryAfterSeconds(exhausted, nowMs));
  }
}
