import { NotAuthorizedException, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { UnauthenticatedError } from '../../shared/errors';
import { refreshSession, signIn } from '../../shared/identity/cognito-users';

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
});
