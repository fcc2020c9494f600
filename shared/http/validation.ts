import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { ValidationError } from '../errors';

/** zod issues → the contract's `details`: where, and what is wrong, never the offending value. */
export function parseOrThrow<S extends z.$ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.infer<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    location: where,
    path: issue.path.join('.'),
    ...('keys' in issue && Array.isArray(issue.keys) ? { fields: issue.keys } : {}),
    message: issue.message,
  }));
  const first = details[0];
  const message = first
    ? `Invalid ${where}${first.path ? ` field "${first.path}"` : ''}: ${first.message}`
    : `Invalid ${where}.`;
  throw new ValidationError(message, details);
}
