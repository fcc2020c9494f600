import { describe, expect, it } from 'vitest';
import { issuePasswordResetSteps, PASSWORD_RESET_TTL_MS } from '../../shared/db/password-resets';
import { transact } from '../../shared/db/transact';
import { hashToken, newSecretToken } from '../../shared/domain/tokens';
import { GoneError } from '../../shared/errors';
import { signIn } from '../../shared/identity/cognito-users';
import { confirmPasswordReset } from '../../shared/use-cases/accounts/confirm-password-reset';
import { requestPasswordReset } from '../../shared/use-cases/accounts/request-password-reset';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { latestToken } from '../support/sent-mail';

const PASSWORD = 'Str0ng!Passw0rd-42';
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;

async function verifiedAccount() {
  const email = address('reset');
  const { user } = await signUp({ email, password: PASSWORD, name: 'Ada', company: 'Co', team_name: 'Team' });
  await verifyEmail(await latestToken(email));
  return { email, user };
}

describe('password reset tokens', () => {
  it('a newer request replaces the older token: the older one is 410 though unused and unexpired', async () => {
    const { email, user } = await verifiedAccount();
    // An earlier request, issued two minutes ago (past the one-a-minute throttle).
    const older = newSecretToken();
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await transact(issuePasswordResetSteps(user.id, hashToken(older), twoMinutesAgo, new Date(Date.now() + PASSWORD_RESET_TTL_MS).toISOString()));
    await requestPasswordReset(email);
    const newer = await latestToken(email, 'reset-password');

    await expect(confirmPasswordReset(older, 'Old3r!Passw0rd-xx')).rejects.toBeInstanceOf(GoneError);
    await expect(signIn(email, 'Old3r!Passw0rd-xx')).rejects.toMatchObject({ status: 401 });
    await confirmPasswordReset(newer, 'N3wer!Passw0rd-xx');
    await expect(signIn(email, 'N3wer!Passw0rd-xx')).resolves.toHaveProperty('access_token');
  });

  it('a second request within a minute sends nothing new: the first link stays the live one', async () => {
    const { email } = await verifiedAccount();
    await requestPasswordReset(email);
    const first = await latestToken(email, 'reset-password');
    await requestPasswordReset(email);
    expect(await latestToken(email, 'reset-password')).toBe(first);
  });
});
