import { describe, expect, it } from 'vitest';
import { CONSTANT_TIME_FLOOR_MS } from '../../shared/use-cases/accounts/answer-in-constant-time';
import { requestPasswordReset } from '../../shared/use-cases/accounts/request-password-reset';
import { resendVerification } from '../../shared/use-cases/accounts/resend-verification';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { latestToken } from '../support/sent-mail';

/**
 * The answer's timing must not tell an address with an account from one
 * without: before, resend-verification took ≈ 40 ms for an unverified
 * account (a transaction and an SES send) and ≈ 8 ms for an unknown
 * address. Measured here on the real path against the emulators, with a
 * fresh account per sample (a second send within a minute does less work).
 */
const PASSWORD = 'Str0ng!Passw0rd-42';
const SAMPLES = 5;
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(call: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

async function compare(withAccount: () => Promise<string>, run: (email: string) => Promise<void>) {
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const email = await withAccount();
    known.push(await timed(() => run(email)));
    unknown.push(await timed(() => run(address('nobody'))));
  }
  for (const ms of [...known, ...unknown]) expect(ms).toBeGreaterThanOrEqual(CONSTANT_TIME_FLOOR_MS - 2);
  // Both sit on the floor: the difference is scheduling noise, not work.
  expect(Math.abs(median(known) - median(unknown)), `known ${known.map(Math.round)} vs unknown ${unknown.map(Math.round)}`).toBeLessThan(25);
}

describe('public answers that must not reveal an account take the same time either way', () => {
  it('resend-verification: unverified account vs unknown address', async () => {
    await compare(async () => {
      const email = address('unverified');
      await signUp({ email, password: PASSWORD, name: 'U', company: 'Co', team_name: 'T' });
      return email;
    }, resendVerification);
  });

  it('password reset: verified account vs unknown address', async () => {
    await compare(async () => {
      const email = address('verified');
      await signUp({ email, password: PASSWORD, name: 'V', company: 'Co', team_name: 'T' });
      await verifyEmail(await latestToken(email));
      return email;
    }, requestPasswordReset);
  });
});
