import * as z from 'zod';
import { isPlausibleEmail } from '../domain/email';
import { passwordProblems } from '../domain/password-policy';
import { looksLikeLink, unprintable } from '../domain/text';

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

/** A short human text field: NFC, trimmed, 1–`max` characters, printable only (see `unprintable`). */
export const Text = (max: number) =>
  z
    .string()
    // Judged before trimming: trim() would silently drop a BOM or U+2028 at either end.
    .refine((s) => !unprintable(s), {
      message: 'must not contain control, format (zero-width, bidirectional), private-use, unassigned or line/paragraph-separator characters',
    })
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1).max(max));

/** The contract's names (user, company, team, project, API key): 1–100 characters. */
export const Name = () => Text(100);

/**
 * A team name also reaches other people's inboxes in invitations: it may
 * not carry a link (`://`, `www.`).
 */
export const TeamName = () => Name().refine((s) => !looksLikeLink(s), { message: 'must not contain a URL' });

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
