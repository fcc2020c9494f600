import { describe, expect, it } from 'vitest';
import type { AuditEventRecord } from '../../shared/db/audit-events';
import { countMemberStep, joinTeamStep } from '../../shared/db/memberships';
import {
  AdminManagedBySupportError,
  AlreadyMemberError,
  ConcurrentChangeError,
  NotFoundError,
  UserInAnotherTeamError,
} from '../../shared/errors';
import { transact } from '../../shared/db/transact';
import { getUser } from '../../shared/db/users';
import { changeMemberRole } from '../../shared/use-cases/team/change-member-role';
import { removeMember } from '../../shared/use-cases/team/remove-member';
import { attachMember } from '../../shared/use-cases/support/attach-member';
import { transferAdmin } from '../../shared/use-cases/support/transfer-admin';
import { routes } from '../../functions/routes';
import {
  authorizedCaller,
  auditLog,
  createLoneUser,
  createTeam,
  expectTeamInvariants,
  supportCaller,
} from '../support/membership-fixtures';

/**
 * The membership invariants under concurrency, against DynamoDB Local: at
 * least 50 conflicting operations start at once, every refusal must be one
 * of the domain errors the race can explain (never a 5xx), and the FINAL
 * STATE is checked — one admin per active team and it is the one the team
 * names, a user in at most one team, `member_count` equal to the members
 * listed, no duplicate member — together with the audit log matching what
 * succeeded.
 */

const OPS = 50;
const support = supportCaller('support-races');
const reason = 'race test';

type Op = { kind: string; run: () => Promise<unknown> };

/** Starts every operation at once; fails on any refusal the race cannot explain. */
async function race(ops: Op[], allowed: Record<string, readonly (new (...args: never[]) => Error)[]>) {
  const results = await Promise.allSettled(ops.map((op) => op.run()));
  const outcomes = results.map((result, i) => ({ kind: ops[i]!.kind, ok: result.status === 'fulfilled', result }));
  for (const o of outcomes) {
    if (o.result.status === 'rejected') {
      const reasonError = o.result.reason as Error;
      const explained = allowed[o.kind]!.some((type) => reasonError instanceof type);
      expect(explained, `${o.kind} refused with ${reasonError.name}: ${reasonError.message}`).toBe(true);
    }
  }
  const count = (kind: string, ok: boolean) => outcomes.filter((o) => o.kind === kind && o.ok === ok).length;
  return { outcomes, count };
}

const byAction = (events: AuditEventRecord[], action: string) => events.filter((e) => e.action === action);

/**
 * The audited transfers form one chain from the first admin to the last:
 * each transfer was conditioned on the admin it replaced, so every admin
 * handed over exactly as often as it took over (bar the two ends). Checked
 * by degree, so events in the same millisecond need no order.
 */
function expectTransferChain(transfers: AuditEventRecord[], firstAdmin: string, lastAdmin: string) {
  const balance = new Map<string, number>();
  for (const { details } of transfers) {
    balance.set(details.from as string, (balance.get(details.from as string) ?? 0) + 1);
    balance.set(details.to as string, (balance.get(details.to as string) ?? 0) - 1);
  }
  if (firstAdmin !== lastAdmin) {
    expect(balance.get(firstAdmin)).toBe(1);
    expect(balance.get(lastAdmin)).toBe(-1);
    balance.delete(firstAdmin);
    balance.delete(lastAdmin);
  }
  for (const [user, b] of balance) expect(b, `transfers in and out of ${user}`).toBe(0);
}

/**
 * The final state after a race that removed members: the team's invariants
 * hold, and every successful removal left exactly one `member.removed`
 * event, for a distinct member, counted out of `member_count`.
 */
async function finalStateAfterRemovals(teamId: string, removals: number, membersBefore: number) {
  const { team: after, members: listed } = await expectTeamInvariants(teamId);
  const events = await auditLog(teamId);
  const removed = byAction(events, 'member.removed').map((e) => e.target.id);
  expect(removed).toHaveLength(removals);
  expect(new Set(removed).size).toBe(removed.length);
  expect(after.member_count).toBe(membersBefore - removed.length);
  return { after, listed, events, removed };
}

describe('membership invariants under concurrent conflicting operations', () => {
  it('admin transfers racing removals of the same members', async () => {
    const roles = Array.from({ length: 10 }, (_, i): 'member' | 'manager' => (i % 2 ? 'manager' : 'member'));
    const { team, admin, members } = await createTeam(['manager', ...roles]);
    const [remover, ...targets] = members;
    const ops: Op[] = Array.from({ length: OPS }, (_, i) => {
      const target = targets[Math.floor(i / 2) % targets.length]!;
      return i % 2 === 0
        ? { kind: 'transfer', run: () => transferAdmin(support, team.id, { user_id: target.id, reason }) }
        : { kind: 'remove', run: async () => removeMember(await authorizedCaller(routes.removeMember, remover!.id), target.id) };
    });
    const { count } = await race(ops, {
      transfer: [NotFoundError, ConcurrentChangeError],
      remove: [NotFoundError, AdminManagedBySupportError],
    });

    const { after, listed, events, removed } = await finalStateAfterRemovals(team.id, count('remove', true), 2 + targets.length);
    for (const id of removed) {
      expect(await getUser(id)).toMatchObject({ team_id: null, role: null });
      expect(after.admin_user_id).not.toBe(id);
    }
    expect(listed.map((m) => m.id).sort()).toEqual([admin, remover!, ...targets].map((m) => m.id).filter((id) => !removed.includes(id)).sort());
    const transfers = byAction(events, 'admin.transferred');
    expectTransferChain(transfers, admin.id, after.admin_user_id);
    // The race really raced: both kinds won somewhere, and some lost.
    expect(transfers.length).toBeGreaterThan(0);
    expect(removed.length).toBeGreaterThan(0);
    expect(count('transfer', false) + count('remove', false)).toBeGreaterThan(0);
  });

  it('role changes racing removals of the same members', async () => {
    const roles = ['member', 'manager', 'member', 'manager', 'member', 'manager', 'member', 'manager'] as const;
    const { team, members } = await createTeam(['manager', ...roles]);
    const [manager, ...targets] = members;
    const ops: Op[] = Array.from({ length: OPS }, (_, i) => {
      const target = targets[i % targets.length]!;
      return i % 3 === 2
        ? { kind: 'remove', run: async () => removeMember(await authorizedCaller(routes.removeMember, manager!.id), target.id) }
        : { kind: 'change', run: async () => changeMemberRole(await authorizedCaller(routes.updateMember, manager!.id), target.id, i % 2 ? 'manager' : 'member') };
    });
    const { count } = await race(ops, {
      change: [NotFoundError, ConcurrentChangeError],
      remove: [NotFoundError],
    });

    const { listed, events, removed } = await finalStateAfterRemovals(team.id, count('remove', true), 2 + targets.length);
    for (const target of targets) {
      const changes = byAction(events, 'member.role_changed').filter((e) => e.target.id === target.id);
      // Each audited change was conditioned on the role it started from, so
      // each one flipped the role: the parity of their number is the final role.
      for (const { details } of changes) expect(details.from).not.toBe(details.to);
      const flipped = changes.length % 2 === 1;
      const expected = flipped ? (target.role === 'member' ? 'manager' : 'member') : target.role;
      const stored = await getUser(target.id);
      if (removed.includes(target.id)) expect(stored).toMatchObject({ team_id: null, role: null });
      else expect(stored).toMatchObject({ team_id: team.id, role: expected });
    }
    expect(listed.filter((m) => m.role === 'admin')).toHaveLength(1);
    expect(removed.length).toBeGreaterThan(0);
    expect(count('change', true)).toBeGreaterThan(0);
    expect(count('change', false)).toBeGreaterThan(0);
  });

  for (const start of ['alone in its own team', 'in no team'] as const) {
    it(`attaching one account ${start} into two teams at once`, async () => {
      const [a, b] = await Promise.all([createTeam(['member']), createTeam(['member'])]);
      const solo = start === 'alone in its own team' ? await createTeam() : null;
      const user = solo ? solo.admin : await createLoneUser();
      const ops: Op[] = Array.from({ length: OPS }, (_, i) => ({
        kind: 'attach',
        run: () => attachMember(support, (i % 2 ? a : b).team.id, { email: user.email, role: 'member', reason }),
      }));
      const { count } = await race(ops, { attach: [UserInAnotherTeamError, AlreadyMemberError] });
      expect(count('attach', true)).toBe(1);

      const stored = await getUser(user.id);
      const [afterA, afterB] = await Promise.all([expectTeamInvariants(a.team.id), expectTeamInvariants(b.team.id)]);
      const holding = [afterA, afterB].filter((t) => t.members.some((m) => m.id === user.id));
      expect(holding.map((t) => t.team.id)).toEqual([stored!.team_id]);
      expect(holding[0]!.members).toHaveLength(3);
      const attached = [...(await auditLog(a.team.id)), ...(await auditLog(b.team.id))].filter((e) => e.action === 'member.attached');
      expect(attached.map((e) => e.target.id)).toEqual([user.id]);
      if (solo) {
        const old = await expectTeamInvariants(solo.team.id);
        expect(old.team).toMatchObject({ status: 'closed', member_count: 0 });
        expect((await auditLog(solo.team.id)).map((e) => e.action)).toEqual(['team.closed']);
      }
    });
  }

  it('attaching an account alone in its team racing others joining that team', async () => {
    const solo = await createTeam();
    const target = await createTeam();
    const joiners = await Promise.all(Array.from({ length: OPS / 2 }, createLoneUser));
    const ops: Op[] = joiners.flatMap((joiner) => [
      { kind: 'attach', run: () => attachMember(support, target.team.id, { email: solo.admin.email, role: 'manager', reason }) },
      {
        kind: 'join',
        run: () => {
          const at = new Date().toISOString();
          return transact([joinTeamStep(joiner.id, solo.team.id, 'member', at), countMemberStep(solo.team.id, 1, at)]);
        },
      },
    ]);
    const { count } = await race(ops, { attach: [UserInAnotherTeamError], join: [NotFoundError] });

    const old = await expectTeamInvariants(solo.team.id);
    const now = await expectTeamInvariants(target.team.id);
    const moved = old.team.status === 'closed';
    // Either the account left an empty team behind, or someone joined first and it stayed.
    expect(count('attach', true)).toBe(moved ? 1 : 0);
    expect(old.members).toHaveLength(moved ? 0 : 1 + count('join', true));
    expect(now.members.some((m) => m.id === solo.admin.id)).toBe(moved);
    expect(await getUser(solo.admin.id)).toMatchObject(moved ? { team_id: target.team.id, role: 'manager' } : { team_id: solo.team.id, role: 'admin' });
  });
});
