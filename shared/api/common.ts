import { z } from 'zod';
import { isPlausibleEmail } from '../domain/email';
import { passwordProblems } from '../domain/password-policy';

/** Schemas shared by several operations. `.meta({ id })` names them in the OpenAPI document. */

export const Timestamp = z.iso.datetime().meta({ description: 'ISO-8601 UTC timestamp' });

export const EmailInput = z
  .string()
  .max(254)
  .refine(isPlausibleEmail, { message: 'must be an email address' })
  .meta({ description: 'Email address; compared case-insensitively, +tags significant', example: 'ada@example.com' });

export const PasswordInput = z
  .string()
  .superRefine((value, ctx) => {
    const problems = passwordProblems(value);
    if (problems.length) ctx.addIssue({ code: 'custom', message: `password needs ${problems.join(', ')}` });
  })
  .meta({ description: 'At least 12 characters with lower and upper case letters, a digit and a symbol' });

/** A short human text field: trimmed, non-empty. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      details: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
    request_id: z.string(),
  })
  .meta({ id: 'Error' });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  next_token: z.string().min(1).max(2048).optional(),
});

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), next_token: z.string().nullable() }).meta({ id });
