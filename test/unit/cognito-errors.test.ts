import {
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { UnauthenticatedError, ValidationError } from '../../shared/errors';
import { activatePendingIdentity, ensureIdentity, refreshSession, setPassword, signIn } from '../../shared/identity/cognito-users';

const meta = { $metadata: {} };

describe('Cognito sign-in errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['wrong password / disabled', () => new NotAuthorizedException({ message: 'Incorrect username or password.', ...meta })],
    ['unknown user', () => new UserNotFoundException({ message: 'User does not exist.', ...meta })],
  ])('maps %s to 401 unauthenticated', async (_, makeError) => {
    vi.spyOn(cognito, 'send').mockRejectedValue(makeError() as never);
    await expect(signIn('a@example.com', 'x')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('maps a rejected refresh token to 401 with its own message', async () => {
    vi.spyOn(cognito, 'send').mockRejectedValue(new NotAuthorizedException({ message: 'Invalid Refresh Token', ...meta }) as never);
    await expect(refreshSession('expired')).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/refresh token/) });
  });

  it('lets infrastructure failures through (they are not credential problems)', async () => {
    vi.spyOn(cognito, 'send').mockRejectedValue(new Error('socket hang up') as never);
    await expect(signIn('a@example.com', 'x')).rejects.not.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses a sign-in that ends in a challenge', async () => {
    vi.spyOn(cognito, 'send').mockResolvedValue({ ChallengeName: 'NEW_PASSWORD_REQUIRED', ...meta } as never);
    await expect(signIn('a@example.com', 'x')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  // Real Cognito checks parameters against patterns the emulator does not
  // (a password with an inner line break fails `^[\S]+.*[\S]+$`): each such
  // refusal is the caller's bad input, a 400, never a 500.
  it.each([
    ['sign-in', () => signIn('a@example.com', 'Line\nBreak!Passw0rd')],
    ['setting a password', () => setPassword('a@example.com', 'Line\nBreak!Passw0rd')],
    ['activating a sign-up', () => activatePendingIdentity('a@example.com', 'Line\nBreak!Passw0rd')],
    ['creating an identity', () => ensureIdentity('odd@example.com')],
  ])('maps InvalidParameterException on %s to 400 validation_failed', async (_, call) => {
    vi.spyOn(cognito, 'send').mockImplementation((async (command: { constructor: { name: string } }) => {
      // Disabling before setting the password is not what is refused.
      if (command.constructor.name === 'AdminDisableUserCommand') return {};
      throw new InvalidParameterException({ message: '1 validation error detected: Value at password failed to satisfy constraint', ...meta });
    }) as never);
    await expect(call()).rejects.toBeInstanceOf(ValidationError);
  });

  it('maps a password Cognito finds too weak to 400 as well', async () => {
    vi.spyOn(cognito, 'send').mockRejectedValue(new InvalidPasswordException({ message: 'Password does not conform to policy', ...meta }) as never);
    await expect(setPassword('a@example.com', 'x')).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
