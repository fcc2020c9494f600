/**
 * The single table's shape, read by the stateful stack and by the local
 * stack's bootstrap so that DynamoDB Local gets exactly what AWS gets.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Generic overloaded indexes; see shared/db/README.md for what each holds. */
  globalSecondaryIndexes: [{ indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }],
  timeToLiveAttribute: 'expires_at_epoch',
  /** New images only: the outbox relay reads INSERTs of `OUTBOX#` items (see RELAY_OUTBOX). */
  streamView: 'NEW_IMAGE',
} as const;
