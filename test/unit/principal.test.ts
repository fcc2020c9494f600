import { describe, it, expect } from 'vitest';
import { principalFromContext, principalToContext, type Principal } from '../../shared/http/principal';

const PRINCIPALS: Principal[] = [
  { type: 'user', userId: 'user_5f0c3e2a9b7d4c1e8f6a2b3c4d5e6f70' },
  { type: 'api_key', keyId: 'key_01jcz3k4m5n6p7q8r9s0t1v2w3', teamId: 'team_01jcz3k4m5', environment: 'live' },
  { type: 'api_key', keyId: 'key_01jcz3k4m5n6p7q8r9s0t1v2w4', teamId: 'team_01jcz3k4m6', environment: 'test' },
  { type: 'support', id: 'support-local' },
];

describe('principal codec', () => {
  it.each(PRINCIPALS)('round-trips $type', (principal) => {
    const context = principalToContext(principal);
    // API Gateway passes authorizer context as flat strings.
    for (const value of Object.values(context)) expect(typeof value).toBe('string');
    expect(principalFromContext(context)).toEqual(principal);
  });

  it('survives the JSON round trip API Gateway does, plus the extra keys it adds', () => {
    for (const principal of PRINCIPALS) {
      const context = { ...JSON.parse(JSON.stringify(principalToContext(principal))), principalId: 'x', integrationLatency: 12 };
      expect(principalFromContext(context)).toEqual(principal);
    }
  });

  it('writes the expected flat keys', () => {
    expect(principalToContext({ type: 'user', userId: 'user_1' })).toEqual({ principal_type: 'user', user_id: 'user_1' });
    expect(principalToContext({ type: 'api_key', keyId: 'k', teamId: 't', environment: 'test' })).toEqual({
      principal_type: 'api_key',
      key_id: 'k',
      team_id: 't',
      environment: 'test',
    });
    expect(principalToContext({ type: 'support', id: 's' })).toEqual({ principal_type: 'support', support_id: 's' });
  });

  it.each<[string, Record<string, unknown> | null | undefined]>([
    ['null', null],
    ['undefined', undefined],
    ['empty', {}],
    ['unknown type', { principal_type: 'admin', user_id: 'user_1' }],
    ['type not a string', { principal_type: 1, user_id: 'user_1' }],
    ['missing type', { user_id: 'user_1' }],
    ['user without id', { principal_type: 'user' }],
    ['user with empty id', { principal_type: 'user', user_id: '' }],
    ['user with numeric id', { principal_type: 'user', user_id: 42 }],
    ['api_key without key_id', { principal_type: 'api_key', team_id: 't', environment: 'live' }],
    ['api_key without team_id', { principal_type: 'api_key', key_id: 'k', environment: 'live' }],
    ['api_key without environment', { principal_type: 'api_key', key_id: 'k', team_id: 't' }],
    ['api_key with bad environment', { principal_type: 'api_key', key_id: 'k', team_id: 't', environment: 'prod' }],
    ['api_key with upper-case environment', { principal_type: 'api_key', key_id: 'k', team_id: 't', environment: 'LIVE' }],
    ['api_key with empty team', { principal_type: 'api_key', key_id: 'k', team_id: '', environment: 'live' }],
    ['api_key with object team', { principal_type: 'api_key', key_id: 'k', team_id: { id: 't' }, environment: 'live' }],
    ['support without id', { principal_type: 'support' }],
    ['support with empty id', { principal_type: 'support', support_id: '' }],
    ['user keys under the support type', { principal_type: 'support', user_id: 'user_1' }],
    ['support keys under the user type', { principal_type: 'user', support_id: 's' }],
  ])('malformed context (%s) → null', (_label, context) => {
    expect(principalFromContext(context)).toBeNull();
  });
});
