import * as z from 'zod/mini';
import { TASK_TYPES } from '../domain/task-types';
import {
  hasUnsafeControl,
  jsonBytes,
  MAX_INSTRUCTION_BYTES,
  MAX_METADATA_BYTES,
  MAX_PARAMS_BYTES,
  MAX_RESPONSE_BYTES,
  MAX_UNIQUE_ID_CHARS,
  unstorableJsonReason,
} from '../domain/task-limits';
import { unprintable } from '../domain/text';
import { KeyEnvironment } from './api-keys';
import { listOf, ListQuery, Name, Timestamp } from './common';

/** A JSON object of at most `maxBytes` once serialized (what is stored and sent). */
export const JsonObject = (maxBytes: number, what: string) =>
  z
    .record(z.string(), z.unknown())
    .check(
      z.superRefine((value, ctx) => {
        // Shape first: its walk stops at the depth limit, where serializing a
        // 20,000-level array to measure it would exhaust the stack.
        const reason = unstorableJsonReason(value);
        if (reason) ctx.addIssue({ code: 'custom', message: `${what}: ${reason}` });
        else if (jsonBytes(value) > maxBytes) ctx.addIssue({ code: 'custom', message: `${what} must be at most ${maxBytes / 1024} KiB as JSON` });
      }),
    )
    .register(z.globalRegistry, { description: `A JSON object of at most ${maxBytes / 1024} KiB (serialized)` });

/** A project's name: a contract name, and no `/` (it is the separator of `qualified_name`). */
export const ProjectName = Name().check(z.refine((s) => !s.includes('/'), { message: 'must not contain "/"' }));

const UniqueId = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_UNIQUE_ID_CHARS), z.refine((s) => !unprintable(s), { message: 'must contain printable characters only' }))
  .register(z.globalRegistry, { description: "The client's idempotency key: unique among the team's tasks", example: 'order-1234' });

const Instruction = z
  .string()
  .check(
    z.maxLength(MAX_INSTRUCTION_BYTES),
    z.refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_INSTRUCTION_BYTES, { message: `must be at most ${MAX_INSTRUCTION_BYTES / 1024} KiB` }),
    z.refine((s) => !hasUnsafeControl(s), { message: 'must not contain control characters other than tab and line breaks' }),
  );

/** Checked by the use case against the catalog, so an unknown type is `unknown_task_type`, not a generic 400. */
const TaskTypeInput = z.string().check(z.minLength(1), z.maxLength(64)).register(z.globalRegistry, { description: `One of the catalog's types: ${TASK_TYPES.join(', ')}` });

const CallbackUrlInput = z.string().check(z.maxLength(2048)).register(z.globalRegistry, { description: 'https URL; overrides the team callback URL for this task' });

export const Params = JsonObject(MAX_PARAMS_BYTES, 'params');
export const Metadata = JsonObject(MAX_METADATA_BYTES, 'metadata');
export const TaskResponse = JsonObject(MAX_RESPONSE_BYTES, 'response');

export const CreateTaskBody = z
  .strictObject({
    type: TaskTypeInput,
    project: z.optional(ProjectName),
    instruction: z.optional(Instruction),
    params: Params,
    callback_url: z.optional(CallbackUrlInput),
    unique_id: z.optional(UniqueId),
    metadata: z.optional(Metadata),
    environment: z.optional(KeyEnvironment).register(z.globalRegistry, { description: "An API key's own environment (another is refused); a user's tasks are live unless this says test" }),
  }).register(z.globalRegistry, { id: 'CreateTaskRequest' });

export const AmendTaskBody = z
  .strictObject({
    instruction: z.optional(z.nullable(Instruction)),
    params: z.optional(Params),
    metadata: z.optional(Metadata),
    callback_url: z.optional(z.nullable(CallbackUrlInput)),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'name at least one field to amend' }))
  .register(z.globalRegistry, { id: 'AmendTaskRequest' });

export const CompleteTaskBody = z.strictObject({ response: TaskResponse }).register(z.globalRegistry, { id: 'CompleteTaskRequest' });

export const TaskIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });
export const SupportTaskIdParams = z.strictObject({ task_id: z.string().check(z.minLength(1), z.maxLength(100)) });

export const TaskStatus = z.enum(['pending', 'completed', 'canceled']);

export const ListTasksQuery = z.extend(ListQuery, {
  status: z.optional(TaskStatus),
  project: z.optional(ProjectName),
  environment: z.optional(KeyEnvironment),
  unique_id: z.optional(UniqueId),
});

export const Task = z
  .object({
    id: z.string(),
    type: z.string(),
    project: z.nullable(z.string()),
    status: TaskStatus,
    environment: KeyEnvironment,
    params: z.record(z.string(), z.unknown()),
    metadata: z.record(z.string(), z.unknown()),
    instruction: z.nullable(z.string()),
    callback_url: z.nullable(z.string()),
    unique_id: z.nullable(z.string()),
    created_at: Timestamp,
    updated_at: Timestamp,
    completed_at: z.nullable(Timestamp),
    response: z.nullable(z.record(z.string(), z.unknown())),
    callback_status: z.enum(['none', 'pending', 'succeeded', 'failed']),
  }).register(z.globalRegistry, { id: 'Task' });
export const TaskList = listOf(Task, 'TaskList');

export const CallbackAttempt = z
  .object({
    id: z.string(),
    delivery_id: z.string().register(z.globalRegistry, { description: 'The webhook-id: the same for every attempt of one delivery' }),
    attempt: z.int(),
    at: Timestamp,
    url: z.string(),
    status_code: z.nullable(z.int()),
    duration_ms: z.number(),
    error: z.nullable(z.string()),
  }).register(z.globalRegistry, { id: 'CallbackAttempt' });
export const CallbackAttemptList = listOf(CallbackAttempt, 'CallbackAttemptList');

export const Redelivery = z
  .object({ task_id: z.string(), delivery_id: z.string(), callback_status: z.literal('pending') }).register(z.globalRegistry, { id: 'Redelivery' });
