/**
 * Who the authorizer says the caller is. It only authenticates; what the
 * caller may do is decided per request from the current membership.
 * API Gateway passes authorizer context as flat strings, hence the codec.
 */
import type { Principal } from '../domain/actor';

export type { Principal };

export type AuthorizerContext = Record<string, string>;

export function principalToContext(principal: Principal): AuthorizerContext {
  switch (principal.type) {
    case 'user':
      return { principal_type: 'user', user_id: principal.userId };
    case 'api_key':
      return {
        principal_type: 'api_key',
        key_id: principal.keyId,
        team_id: principal.teamId,
        environment: principal.environment,
      };
    case 'support':
      return { principal_type: 'support', support_id: principal.id };
  }
}

export function principalFromContext(context: Record<string, unknown> | null | undefined): Principal | null {
  const str = (key: string) => (typeof context?.[key] === 'string' ? (context[key] as string) : undefined);
  switch (str('principal_type')) {
    case 'user': {
      const userId = str('user_id');
      return userId ? { type: 'user', userId } : null;
    }
    case 'api_key': {
      const keyId = str('key_id');
      const teamId = str('team_id');
      const environment = str('environment');
      return keyId && teamId && (environment === 'live' || environment === 'test')
        ? { type: 'api_key', keyId, teamId, environment }
        : null;
    }
    case 'support': {
      const id = str('support_id');
      return id ? { type: 'support', id } : null;
    }
    default:
      return null;
  }
}
