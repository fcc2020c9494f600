import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import {
  CLIENT_WINDOW_SECONDS,
  fixedWindowStart,
  secondsToWindowEnd,
  SIGN_IN_FAILURE_LIMIT,
  type ClientRateLimit,
} from '../domain/client-rate-limit';
import { RateLimitedError } from '../errors';
import { keys, TABLE_NAME } from './table';

/**
 * Counters of the public routes' limits, under `RATE#…` keys like the team
 * counter (IAM pins these functions' counter writes to that prefix). Each
 * check is one conditional ADD on its own window's item: the condition is
 * the limit, so concurrent Lambdas never over-admit, and one client's or
 * address's counter never touches another's. Items expire after their window.
 */
async function countUpTo(key: Record<string, string>, attribute: string, max: number, ttl: number): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: key,
        UpdateExpression: 'ADD #n :one SET expires_at_epoch = :ttl',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
        ExpressionAttributeNames: { '#n': attribute },
        ExpressionAttributeValues: { ':one': 1, ':max': max, ':ttl': ttl },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Counts one request of a client address to a public route, or refuses it with 429. */
export async function countClientRequest(operationId: string, clientIp: string, limit: ClientRateLimit, nowMs = Date.now()): Promise<void> {
  const start = fixedWindowStart(nowMs, CLIENT_WINDOW_SECONDS);
  const admitted = await countUpTo(keys.clientRateWindow(operationId, clientIp, start), 'requests', limit.perMinute, start + CLIENT_WINDOW_SECONDS + 60);
  if (!admitted) throw new RateLimitedError(secondsToWindowEnd(nowMs, CLIENT_WINDOW_SECONDS));
}

const { failures: MAX_FAILURES, windowSeconds: FAILURE_WINDOW } = SIGN_IN_FAILURE_LIMIT;

/** 429 while the address has used up its failed sign-ins in this window (one consistent read). */
export async function refuseLockedSignIn(normalizedEmail: string, nowMs = Date.now()): Promise<void> {
  const start = fixedWindowStart(nowMs, FAILURE_WINDOW);
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.signInFailures(normalizedEmail, start), ConsistentRead: true }),
  );
  if (Number(Item?.failures ?? 0) >= MAX_FAILURES) throw new RateLimitedError(secondsToWindowEnd(nowMs, FAILURE_WINDOW));
}

/** Records a failed sign-in; the one that would exceed the limit is answered 429 instead of 401. */
export async function countSignInFailure(normalizedEmail: string, nowMs = Date.now()): Promise<void> {
  const start = fixedWindowStart(nowMs, FAILURE_WINDOW);
  const counted = await countUpTo(keys.signInFailures(normalizedEmail, start), 'failures', MAX_FAILURES, start + FAILURE_WINDOW + 60);
  if (!counted) throw new RateLimitedError(secondsToWindowEnd(nowMs, FAILURE_WINDOW));
}
