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
    /**
     * What a user may change about themself with their own access token
     * (Cognito's UpdateUserAttributes). Never `email`: the address is the
     * account's identity, changed by support alone; a user rewriting it
     * would take over sign-in by an address they do not own. Cognito reads
     * an empty list as "every attribute", so one harmless attribute the API
     * never reads is named instead.
     */
    writeAttributes: ['locale'],
  },
} as const;
