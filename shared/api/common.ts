import * as z from 'zod';
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

// Names end up in emails and other people's screens: control characters,
// bidirectional overrides (used to disguise text) and lone surrogates (not
// text at all) are refused.
const UNSAFE_TEXT = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A short human text field: trimmed, non-empty, printable. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !UNSAFE_TEXT.test(s), { message: 'must not contain control or bidirectional-override characters' });

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
  // Digits only: `1e1`, `0x10` or ` 10` are not page sizes a client meant.
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'must be a whole number from 1 to 100')
    .meta({ description: 'Page size: a whole number from 1 to 100 (default 25)', example: '25' })
    .transform(Number)
    .pipe(z.number().int().min(1).max(100))
    .optional()
    .transform((n) => n ?? 25),
  next_token: z.string().min(1).max(2048).optional(),
});

export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), next_token: z.string().nullable() }).meta({ id });
