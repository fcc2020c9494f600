import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb';
import type { DomainError } from '../errors';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One write of a transaction, with the domain error its failed condition
 * means. Steps whose condition can fail for several reasons set
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` and get the item as it
 * was, so the error can say which (not found, not allowed, conflict).
 */
export interface TransactStep {
  item: TransactItem;
  onConditionFailed?: (current: Record<string, unknown> | undefined) => DomainError;
}

/**
 * Runs the steps as one TransactWriteItems. When a condition fails, the
 * failing step's own domain error is thrown (the first one, by position), so
 * each invariant speaks for itself; anything else propagates unchanged.
 */
export async function transact(steps: readonly TransactStep[]): Promise<void> {
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = error.CancellationReasons ?? [];
      for (const [index, reason] of reasons.entries()) {
        if (reason.Code === 'ConditionalCheckFailed') {
          const mapped = steps[index]?.onConditionFailed?.(reason.Item ? unmarshall(reason.Item) : undefined);
          if (mapped) throw mapped;
        }
      }
    }
    throw error;
  }
}

/**
 * The compensating transaction of a transaction made only of Puts: deletes
 * exactly the items it created. Used when a later, non-transactional step
 * (Cognito) fails, so nothing half-made is left to block a retry.
 */
export function undoPuts(steps: readonly TransactStep[]): TransactStep[] {
  return steps.map(({ item }) => {
    const put = item.Put;
    if (!put) throw new Error('undoPuts only undoes Put steps');
    return { item: { Delete: { TableName: put.TableName, Key: { PK: put.Item!.PK, SK: put.Item!.SK } } } };
  });
}

/** True when a transaction was cancelled because another one held its items (not because a condition failed). */
export function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')
  );
}
