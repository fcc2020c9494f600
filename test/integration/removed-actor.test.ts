import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { listInvitations } from '../../shared/db/invitations';
import { getTeam } from '../../shared/db/teams';
import { getUser } from '../../shared/db/users';
import { ConcurrentChangeError, ForbiddenError } from '../../shared/errors';
import type { TeamActor as Caller } from '../../shared/domain/actor';
import { createInvitation } from '../../shared/use-cases/invitations/create-invitation';
import { changeMemberRole } from '../../shared/use-cases/team/change-member-role';
import { removeMember } from '../../shared/use-cases/team/remove-member';
import { updateTeam } from '../../shared/use-cases/team/update-team';
import { auditLog, authorizedCaller, createTeam, expectTeamInvariants } from '../support/membership-fixtures';

/**
 * "In-flight writes of a removed manager commit": a manager's requests are
 * authorized when they arrive, and their writes commit later. Every write a
 * manager or admin makes re-checks, in its own transaction, that the actor
 * is still in the team with the right role; these tests are the attack:
 * at least 50 writes of a manager racing their removal (or demotion).
 */
const WRITES = 60;
const urlPolicy = { allowLoopbackHttp: true } as const;
const invite = (caller: Caller, i: number) => createInvitation(caller, { email: `invitee-${i}-${Date.now()}@example.com`, role: 'member' });

async function setting() {
  const { team, admin, members } = await createTeam(['manager', 'member', 'manager', 'member']);
  const [manager, ...targets] = members;
  return { team, admin, manager: manager!, targets };
}

/** A mix of every kind of manager write, from callers authorized before anything else happened. */
function managerWrites(callers: { invite: Caller; role: Caller; remove: Caller; team: Caller }[], targets: { id: string; role: string }[]) {
  return callers.map((c, i) => {
    const target = targets[i % targets.length]!;
    switch (i % 4) {
      case 0:
        return () => invite(c.invite, i);
      case 1:
        // Always a real change from the role it was created with (a role already as asked is a no-op, written nowhere).
        return () => changeMemberRole(c.role, target.id, target.role === 'member' ? 'manager' : 'member');
      case 2:
        return () => updateTeam(c.team, { name: `Renamed ${i}` }, urlPolicy);
      default:
        return () => invite(c.invite, i);
    }
  });
}

async function authorizedManager(userId: string) {
  const [invite, role, remove, team] = await Promise.all([
    authorizedCaller(routes.createInvitation, userId),
    authorizedCaller(routes.updateMember, userId),
    authorizedCaller(routes.removeMember, userId),
    authorizedCaller(routes.patchTeam, userId),
  ]);
  return { invite, role, remove, team };
}

const managerEvents = async (teamId: string, managerId: string) => (await auditLog(teamId)).filter((e) => e.actor.id === managerId);

describe("a manager's writes racing their own removal", () => {
  it('in flight when the removal commits: every one is refused with 403 and writes nothing', async () => {
    const { team, admin, manager, targets } = await setting();
    // Authorized while still a manager: the requests are in flight...
    const callers = await Promise.all(Array.from({ length: WRITES }, () => authorizedManager(manager.id)));
    // ...when the admin removes them.
    await removeMember(await authorizedCaller(routes.removeMember, admin.id), manager.id);
    const results = await Promise.allSettled(managerWrites(callers, targets).map((write) => write()));

    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ForbiddenError);
    }
    expect(await managerEvents(team.id, manager.id)).toEqual([]);
    expect((await listInvitations(team.id, { limit: 100, now: new Date().toISOString() })).items).toEqual([]);
    expect((await getTeam(team.id))!.name).toBe(team.name);
    for (const t of targets) expect((await getUser(t.id))!.role).toBe(t.role);
    await expectTeamInvariants(team.id);
  });

  it('started together with the removal: whatever landed was committed before it, and nothing lands after it', async () => {
    const { team, admin, manager, targets } = await setting();
    const callers = await Promise.all(Array.from({ length: WRITES }, () => authorizedManager(manager.id)));
    const writes = managerWrites(callers, targets);
    const half = WRITES / 2;
    const adminCaller = await authorizedCaller(routes.removeMember, admin.id);
    const results = await Promise.allSettled([
      ...writes.slice(0, half).map((write) => write()),
      removeMember(adminCaller, manager.id),
      ...writes.slice(half).map((write) => write()),
    ]);
    const removal = results[half]!;
    expect(removal.status).toBe('fulfilled');
    const removedAt = Date.now();
    const outcomes = results.filter((_, i) => i !== half);
    for (const r of outcomes) {
      if (r.status === 'rejected') expect([ForbiddenError, ConcurrentChangeError].some((type) => r.reason instanceof type), String(r.reason)).toBe(true);
    }
    const landed = outcomes.filter((r) => r.status === 'fulfilled').length;
    const refused = outcomes.filter((r) => r.status === 'rejected' && r.reason instanceof ForbiddenError).length;
    // The race really raced: the removal cut some writes off.
    expect(refused).toBeGreaterThan(0);

    // Writes that changed something each left exactly one audit event (a role already as asked writes nothing).
    const events = await managerEvents(team.id, manager.id);
    expect(events.length).toBeLessThanOrEqual(landed);
    for (const e of events) expect(Date.parse(e.at)).toBeLessThanOrEqual(removedAt);
    const invitations = (await listInvitations(team.id, { limit: 100, now: new Date().toISOString() })).items;
    expect(invitations.length).toBe(events.filter((e) => e.action === 'invitation.created').length);
    expect(invitations.every((inv) => inv.invited_by === manager.id)).toBe(true);
    await expectTeamInvariants(team.id);

    // From now on, the very same in-flight callers are all refused.
    const late = await Promise.allSettled(callers.slice(0, 50).map((c, i) => (i % 2 ? invite(c.invite, i) : updateTeam(c.team, { name: `Late ${i}` }, urlPolicy))));
    expect(late.every((r) => r.status === 'rejected' && r.reason instanceof ForbiddenError)).toBe(true);
    expect(await managerEvents(team.id, manager.id)).toHaveLength(events.length);
  });

  it('demoted to member while in flight: the manager-only writes are refused and write nothing', async () => {
    const { team, admin, manager, targets } = await setting();
    const callers = await Promise.all(Array.from({ length: 50 }, () => authorizedManager(manager.id)));
    await changeMemberRole(await authorizedCaller(routes.updateMember, admin.id), manager.id, 'member');
    const results = await Promise.allSettled(
      callers.map((c, i) => (i % 2 ? invite(c.invite, i) : removeMember(c.remove, targets[i % targets.length]!.id))),
    );
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ForbiddenError)).toBe(true);
    expect(await managerEvents(team.id, manager.id)).toEqual([]);
    const { members } = await expectTeamInvariants(team.id);
    expect(members).toHaveLength(5);
  });

  it('a demoted manager cannot raise themself back with requests authorized before the demotion', async () => {
    const { team, admin, manager } = await setting();
    const callers = await Promise.all(Array.from({ length: 30 }, () => authorizedCaller(routes.updateMember, manager.id)));
    // The demotion commits while those requests are in flight (authorized, not yet read).
    await changeMemberRole(await authorizedCaller(routes.updateMember, admin.id), manager.id, 'member');
    const results = await Promise.allSettled(callers.map((c) => changeMemberRole(c, manager.id, 'manager')));
    for (const r of results) expect(r.status === 'rejected' && r.reason instanceof ForbiddenError).toBe(true);
    expect((await getUser(manager.id))!.role).toBe('member');
    const selfChanges = (await managerEvents(team.id, manager.id)).filter((e) => e.action === 'member.role_changed');
    expect(selfChanges).toEqual([]);
  });
});

