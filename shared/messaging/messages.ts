import * as z from 'zod/mini';

/**
 * The messages the outbox relay puts on the queues (bodies are JSON), and
 * what an outbox item must hold to be relayed. Consumers parse with these
 * schemas, so a malformed message fails loudly (and ends in the DLQ) instead
 * of being half-processed.
 */
const id = () => z.string().check(z.minLength(1));

export const callbackMessageSchema = z.object({
  delivery_id: id(),
  team_id: id(),
  task_id: id(),
  url: z.url(),
  environment: z.enum(['live', 'test']),
  attempts_made: z.optional(z.int().check(z.gte(0))),
  /** A manual redelivery's mark on its task (`redelivery_pending`): the sender clears it once it has attempted. */
  redelivery: z.optional(id()),
});
export type CallbackQueueMessage = z.infer<typeof callbackMessageSchema>;

export const testTaskMessageSchema = z.object({ team_id: id(), task_id: id() });
export type TestTaskMessage = z.infer<typeof testTaskMessageSchema>;

/** An outbox item as the stream shows it (NEW_IMAGE, unmarshalled). */
export const outboxItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('callback'), ...z.omit(callbackMessageSchema, { attempts_made: true }).shape }),
  z.object({ kind: z.literal('test_task'), ...testTaskMessageSchema.shape }),
]);
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export function parseMessage<T>(schema: z.ZodMiniType<T>, body: string): T {
  return z.parse(schema, JSON.parse(body));
}
