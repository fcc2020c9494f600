import { describe, it, expect } from 'vitest';
import { can, PERMISSIONS, ROLE_MATRIX, TEAM_ROLES, type Actor, type Permission } from '../../shared/domain/permissions';

/**
 * Written out by hand from the Roles table of the API contract, NOT derived
 * from ROLE_MATRIX.
 * Columns: member, manager, admin, API key.
 */
const Y = true;
const N = false;
const CONTRACT: Record<Permission, [member: boolean, manager: boolean, admin: boolean, apiKey: boolean]> = {
  // read own profile, team, member list
  'team.read': [Y, Y, Y, N],
  // create / amend / view / cancel tasks, projects
  'tasks.manage': [Y, Y, Y, Y],
  // redeliver a task's callback: "manager+"; a key has Manager rights on tasks
  'tasks.redeliver_callbacks': [N, Y, Y, Y],
  // invite, revoke, resend invitations
  'invitations.manage': [N, Y, Y, N],
  // change a member's role, remove a member
  'members.manage': [N, Y, Y, N],
  // list, create, reveal, delete API keys; read callback auth keys
  'api_keys.manage': [N, Y, Y, N],
  // change team name, callback URL, defaults
  'team.update': [N, Y, Y, N],
  // view billing, invoices
  'billing.read': [N, Y, Y, N],
  // manage integrations
  'integrations.manage': [N, Y, Y, N],
  // read audit log
  'audit.read': [N, Y, Y, N],
  // change payment details
  'payment.update': [N, N, Y, N],
  // rotate callback auth keys
  'callback_keys.rotate': [N, N, Y, N],
};

const ACTORS: readonly Actor[] = ['member', 'manager', 'admin', 'api_key'];

const cases = Object.entries(CONTRACT).flatMap(([permission, row]) =>
  ACTORS.map((actor, i) => ({ permission: permission as Permission, actor, expected: row[i]! })),
);

describe('can(actor, permission) against the contract Roles table', () => {
  it.each(cases)('$actor / $permission → $expected', ({ actor, permission, expected }) => {
    expect(can(actor, permission)).toBe(expected);
  });

  it('covers every permission the source defines, and no other', () => {
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(CONTRACT).sort());
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  it('has the three team roles of the contract, in order of rank', () => {
    expect([...TEAM_ROLES]).toEqual(['member', 'manager', 'admin']);
  });

  it('is monotonic in rank: whatever a member may do, a manager may; whatever a manager may, the admin may', () => {
    for (const permission of PERMISSIONS) {
      if (can('member', permission)) expect(can('manager', permission), permission).toBe(true);
      if (can('manager', permission)) expect(can('admin', permission), permission).toBe(true);
    }
  });

  it('gives an API key only tasks and projects', () => {
    expect(PERMISSIONS.filter((p) => can('api_key', p))).toEqual(['tasks.manage', 'tasks.redeliver_callbacks']);
  });

  it('gives admin-only rights to the admin alone', () => {
    const adminOnly = PERMISSIONS.filter((p) => can('admin', p) && !can('manager', p));
    expect(adminOnly.sort()).toEqual(['callback_keys.rotate', 'payment.update']);
  });

  it('refuses unknown actors', () => {
    for (const permission of PERMISSIONS) {
      expect(can('support' as Actor, permission)).toBe(false);
      expect(can('' as Actor, permission)).toBe(false);
    }
  });
});
