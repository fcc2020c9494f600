import { describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { can, type Actor, type Permission } from '../../shared/domain/permissions';
import type { RouteDefinition } from '../../shared/http/route';
import { api, outputs, signUpVerified } from '../support/api';

/**
 * The contract's role table, generated: every route of the route table ×
 * every kind of caller, with the status class each should get, derived from
 * the route's `auth` and `permission` and the role matrix
 * (shared/domain/permissions.ts). A new route is covered without new test
 * code. "allowed" means authenticated and authorized: whatever the operation
 * then answers (2xx, 400 for the empty body, 404 for the made-up id), never
 * 401 or 403.
 */
type Who = 'anonymous' | 'garbage token' | 'member' | 'manager' | 'admin' | "another team's admin" | 'live key' | 'test key' | 'deleted key' | 'support token';
const WHO: readonly Who[] = ['anonymous', 'garbage token', 'member', 'manager', 'admin', "another team's admin", 'live key', 'test key', 'deleted key', 'support token'];

type Expected = 'allowed' | 401 | 403;

const ROLE_OF: Partial<Record<Who, Actor>> = {
  member: 'member',
  manager: 'manager',
  admin: 'admin',
  "another team's admin": 'admin',
  'live key': 'api_key',
  'test key': 'api_key',
};

/**
 * Routes a member may call on themself (leave the team) but that need a
 * permission on anyone else: the route has no permission, the use case checks
 * it. The matrix calls them on someone else (a made-up id).
 */
const ON_OTHERS_NEEDS: Partial<Record<string, Permission>> = { removeMember: 'members.manage' };

function expectedStatus(route: RouteDefinition, who: Who): Expected {
  if (route.auth === 'public') return 'allowed';
  if (route.auth === 'support') return who === 'support token' ? 'allowed' : 401;
  // The support token is not a credential on the customer API; neither is garbage or a deleted key.
  if (who === 'anonymous' || who === 'garbage token' || who === 'deleted key' || who === 'support token') return 401;
  const role = ROLE_OF[who]!;
  if (role === 'api_key') {
    if (route.auth !== 'user_or_key' || !route.permission) return 403;
    return can('api_key', route.permission) ? 'allowed' : 403;
  }
  const permission = ON_OTHERS_NEEDS[route.operationId] ?? route.permission;
  if (!permission) return 'allowed';
  return can(role, permission) ? 'allowed' : 403;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function callers(): Promise<Record<Who, Record<string, string>>> {
  const admin = await signUpVerified();
  const other = await signUpVerified({ name: 'Other Admin', team_name: 'Elsewhere' });
  const roles: Record<string, string> = {};
  for (const role of ['member', 'manager'] as const) {
    const who = await signUpVerified({ name: `Ann ${role}`, team_name: 'Solo' });
    const attached = await api('POST', `/support/teams/${admin.team.id}/members`, {
      token: outputs().support_token,
      body: { email: who.email, role, reason: 'authorization matrix' },
    });
    expect(attached.status).toBe(200);
    roles[role] = who.tokens.id_token;
  }
  const key = async (environment: 'live' | 'test') => {
    const res = await api('POST', '/v1/api-keys', { token: admin.tokens.id_token, body: { environment } });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  };
  const live = await key('live');
  const test = await key('test');
  const deleted = await key('test');
  expect((await api('DELETE', `/v1/api-keys/${deleted.id}`, { token: admin.tokens.id_token })).status).toBe(204);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    anonymous: {},
    'garbage token': bearer('garbage.not.a-token'),
    member: bearer(roles.member!),
    manager: bearer(roles.manager!),
    admin: bearer(admin.tokens.id_token),
    "another team's admin": bearer(other.tokens.id_token),
    'live key': { authorization: `Basic ${b64(`${live.key}:`)}` },
    'test key': bearer(test.key),
    'deleted key': bearer(deleted.key),
    'support token': bearer(outputs().support_token),
  };
}

/** A concrete path: every parameter a made-up id (another team's objects and unknown ones are both 404). */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'matrix-unknown-id');

describe('authorization matrix: every route × every kind of caller', () => {
  it('answers each as the contract\'s role table says', async () => {
    const headers = await callers();
    const mismatches: string[] = [];
    for (const route of routeList) {
      for (const who of WHO) {
        const expected = expectedStatus(route, who);
        const res = await api(route.method, concrete(route.path), {
          headers: headers[who],
          ...(['POST', 'PATCH', 'PUT'].includes(route.method) ? { body: {} } : {}),
        });
        const ok = expected === 'allowed' ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === expected;
        if (!ok) mismatches.push(`${route.method} ${route.path} as ${who}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 360_000);

  it('covers every route of the table', () => {
    expect(routeList.length).toBeGreaterThan(30);
  });
});
