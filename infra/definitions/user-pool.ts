import { PASSWORD_POLICY } from '../../shared/domain/password-policy';

/**
 * Cognito settings shared by the stateful stack and the local bootstrap.
 * Users are created by our API only (admin create), sign in by email
 * (case-insensitive) through the server-side admin flow.
 */
export const USER_POOL_DEFINITION = {
  passwordPolicy: PASSWORD_POLICY,
  usernameAttributes: ['email'] as const,
  caseSensitiveUsernames: false,
  selfSignUpEnabled: false,
  client: {
    authFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const,
    idTokenValidityMinutes: 60,
    accessTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
  },
} as const;
