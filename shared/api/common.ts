import * as z from 'zod/mini';
import { isPlausibleEmail } from '../domain/email';
import { passwordProblems } from '../domain/password-policy';
import { looksLikeLink, unprintable } from '../domain/text';

/**
 * Schemas shared by several operations. Every schema of the API is written
 * with `zod/mini`: the same parser as classic zod, without the method-chain
 * classes — a quarter of the bytes in each function's bundle. Metadata is
 * registered (`.register(z.globalRegistry, …)`), not added as a check: a
 * check would be copied into every schema derived from this one, and an `id`
 * names one component of the OpenAPI document.
 */

export const Timestamp = z.iso.datetime().register(z.globalRegistry, { description: 'ISO-8601 UTC timestamp' });

export const EmailInput = z
  .string()
  .check(z.maxLength(254), z.refine(isPlausibleEmail, { message: 'must be an email address' }))
  .register(z.globalRegistry, { description: 'Email address; compared case-insensitively, +tags significant', example: 'ada@example.com' });

export const PasswordInput = z
  .string()
  .check(
    z.superRefine((value, ctx) => {
      const problems = passwordProblems(value);
      if (problems.length) ctx.addIssue({ code: 'custom', message: `password needs ${problems.join(', ')}` });
    }),
  )
  .register(z.globalRegistry, { description: 'At least 12 characters with lower and upper case letters, a digit and a symbol' });

/** A short human text field: NFC, trimmed, 1–`max` characters, printable only (see `unprintable`). */
export const Text = (max: number) =>
  z.pipe(
    z.pipe(
      // Judged before trimming: trim() would silently drop a BOM or U+2028 at either end.
      z.string().check(
        z.refine((s) => !unprintable(s), {
          message:
            'must not contain control, format (zero-width, bidirectional), private-use, unassigned or line/paragraph-separator characters',
        }),
      ),
      z.transform((s: string) => s.normalize('NFC').trim()),
    ),
    z.string().check(z.minLength(1), z.maxLength(max)),
  );

/** The contract's names (user, company, team, project, API key): 1–100 characters. */
export const Name = () => Text(100);

/**
 * A team name also reaches other people's inboxes in invitations: it may
 * not carry a link (`://`, `www.`).
 */
export const TeamName = () => Name().check(z.refine((s) => !looksLikeLink(s), { message: 'must not contain a URL' }));

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().register(z.globalRegistry, { example: 'validation_failed' }),
      message: z.string(),
      details: z.optional(z.array(z.record(z.string(), z.unknown()))),
    }),
    request_id: z.string(),
  })
  .register(z.globalRegistry, { id: 'Error' });

export const Health = z.object({ status: z.literal('ok') }).register(z.globalRegistry, { id: 'Health' });

export const ListQuery = z.strictObject({
  // Digits only: `1e1`, `0x10` or ` 10` are not page sizes a client meant.
  limit: z.pipe(
    z.optional(
      z.pipe(
        z
          .string()
          .check(z.regex(/^[0-9]{1,3}$/, 'must be a whole number from 1 to 100'))
          .register(z.globalRegistry, { description: 'Page size: a whole number from 1 to 100 (default 25)', example: '25' }),
        z.pipe(z.transform(Number), z.int().check(z.gte(1, 'must be a whole number from 1 to 100'), z.lte(100, 'must be a whole number from 1 to 100'))),
      ),
    ),
    z.transform((n: number | undefined) => n ?? 25),
  ),
  next_token: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export const listOf = <T extends z.ZodMiniType>(item: T, id: string) =>
  z.object({ items: z.array(item), next_token: z.nullable(z.string()) }).register(z.globalRegistry, { id });

/** A phone number as people write it: digits, spaces, dots, dashes, brackets, an optional leading +. */
export const PhoneInput = z.string().check(z.trim(), z.regex(/^\+?[0-9 ().-]{5,32}$/, 'must be a phone number'));
