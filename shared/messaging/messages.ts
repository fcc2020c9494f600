import { z } from 'zod';

/**
 * The messages the outbox relay puts on the queues (bodies are JSON), and
 * what an outbox item must hold to be relayed. Consumers parse with these
 * schemas, so a malformed message fails loudly (and ends in the DLQ) instead
 * of being half-processed.
 */
export const callbackMessageSchema = z.object({
  delivery_id: z.string().min(1),
  team_id: z.string().min(1),
  task_id: z.string().min(1),
  url: z.string().url(),
  environment: z.enum(['live', 'test']),
  attempts_made: z.number().int().min(0).optional(),
  /** A manual redelivery's mark on its task (`redelivery_pending`): the sender clears it once it has attempted. */
  redelivery: z.string().min(1).optional(),
});
export type CallbackQueueMessage = z.infer<typeof callbackMessageSchema>;

export const testTaskMessageSchema = z.object({ team_id: z.string().min(1), task_id: z.string().min(1) });
export type TestTaskMessage = z.infer<typeof testTaskMessageSchema>;

/** An outbox item as the stream shows it (NEW_IMAGE, unmarshalled). */
export const outboxItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('callback'), ...callbackMessageSchema.omit({ attempts_made: true }).shape }),
  z.object({ kind: z.literal('test_task'), ...testTaskMessageSchema.shape }),
]);
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export function parseMessage<T>(schema: z.ZodType<T>, body: string): T {
  return schema.parse(JSON.parse(body));
}
