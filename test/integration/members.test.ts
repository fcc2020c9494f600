import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/db/audit-events';
import { changeRoleStep, countMemberStep, joinTeamStep, listMembers } from '../../shared/db/memberships';
import { transact } from '../../shared/db/transact';
import { getUser } from '../../shared/db/users';
import { AdminManagedBySupportError, ConcurrentChangeError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { changeMemberRole } from '../../shared/use-cases/team/change-member-role';
import { removeMember } from '../../shared/use-cases/team/remove-member';
import { auditLog, createLoneUser, createTeam, expectTeamInvariants, memberCaller } from '../support/membership-fixtures';

describe('member list', () => {
  it('pages through the members in joining order, with a cursor bound to the team', async () => {
    const { team, admin, members } = await createTeam(['manager', 'member', 'member', 'member']);
    const first = await listMembers(team.id, 3);
    expect(first.items.map((m) => m.id)).toEqual([admin.id, ...members.slice(0, 2).map((m) => m.id)]);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await listMembers(team.id, 3, first.nextToken!);
    expect(second.items.map((m) => m.id)).toEqual(members.slice(2).map((m) => m.id));

    const other = await createTeam();
    await expect(listMembers(other.team.id, 3, first.nextToken!)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('changing a member role', () => {
  it('changes member ↔ manager and records from and to in the same transaction', async () => {
    const { team, admin, members } = await createTeam(['member']);
    const updated = await changeMemberRole(memberCaller(admin), members[0]!.id, 'manager');
    expect(updated).toMatchObject({ id: members[0]!.id, role: 'manager', team_id: team.id, joined_at: members[0]!.joined_at });
    expect(await getUser(members[0]!.id)).toMatchObject({ role: 'manager' });
    const [event] = await auditLog(team.id);
    expect(event).toMatchObject({
      action: 'member.role_changed',
      actor: { type: 'user', id: admin.id },
      target: { type: 'user', id: members[0]!.id },
      details: { from: 'member', to: 'manager' },
    });
  });

  it('answers a change to the same role without writing anything', async () => {
    const { team, members } = await createTeam(['manager', 'member']);
    const before = await getUser(members[1]!.id);
    expect(await changeMemberRole(memberCaller(members[0]!), members[1]!.id, 'member')).toEqual(before);
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('leaves the admin role to support, whoever asks', async () => {
    const { team, admin, members } = await createTeam(['manager', 'member']);
    const manager = memberCaller(members[0]!);
    await expect(changeMemberRole(manager, admin.id, 'member')).rejects.toBeInstanceOf(AdminManagedBySupportError);
    await expect(changeMemberRole(manager, members[1]!.id, 'admin')).rejects.toBeInstanceOf(AdminManagedBySupportError);
    await expect(changeMemberRole(memberCaller(admin), admin.id, 'manager')).rejects.toBeInstanceOf(AdminManagedBySupportError);
    expect(await getUser(admin.id)).toMatchObject({ role: 'admin' });
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('answers 404 for an unknown user and for another team’s member alike', async () => {
    const { admin } = await createTeam();
    const other = await createTeam(['member']);
    for (const userId of ['user_unknown', other.members[0]!.id, other.admin.id]) {
      await expect(changeMemberRole(memberCaller(admin), userId, 'manager')).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await getUser(other.members[0]!.id)).toMatchObject({ role: 'member', team_id: other.team.id });
  });

  it('refuses a change decided from a role that has changed since (conflict, nothing written)', async () => {
    const { team, members } = await createTeam(['member']);
    await expect(
      transact([changeRoleStep(members[0]!.id, team.id, { from: 'manager', to: 'member' }, new Date().toISOString())]),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await getUser(members[0]!.id)).toMatchObject({ role: 'member' });
  });
});

describe('removing a member and leaving', () => {
  it('removes a member: no team, counted out, audited; the account stays and may join again', async () => {
    const { team, admin, members } = await createTeam(['manager', 'member']);
    await removeMember(memberCaller(members[0]!), members[1]!.id);
    expect(await getUser(members[1]!.id)).toMatchObject({ id: members[1]!.id, team_id: null, role: null, joined_at: null });
    const { members: left } = await expectTeamInvariants(team.id);
    expect(left.map((m) => m.id)).toEqual([admin.id, members[0]!.id]);
    expect((await auditLog(team.id))[0]).toMatchObject({
      action: 'member.removed',
      actor: { type: 'user', id: members[0]!.id },
      target: { type: 'user', id: members[1]!.id },
    });

    const at = new Date().toISOString();
    await transact([joinTeamStep(members[1]!.id, team.id, 'member', at), countMemberStep(team.id, 1, at)]);
    expect((await expectTeamInvariants(team.id)).members).toHaveLength(3);
  });

  it('lets any non-admin leave, recorded as member.left', async () => {
    const { team, members } = await createTeam(['member']);
    await removeMember(memberCaller(members[0]!), members[0]!.id);
    expect(await getUser(members[0]!.id)).toMatchObject({ team_id: null });
    expect((await auditLog(team.id))[0]).toMatchObject({ action: 'member.left', actor: { id: members[0]!.id } });
    await expectTeamInvariants(team.id);
  });

  it('refuses a member removing someone else, before reading the target', async () => {
    const { team, members } = await createTeam(['member', 'member']);
    for (const target of [members[1]!.id, 'user_unknown']) {
      await expect(removeMember(memberCaller(members[0]!), target)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await expectTeamInvariants(team.id)).members).toHaveLength(3);
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('never removes the admin, nor lets the admin leave', async () => {
    const { team, admin, members } = await createTeam(['manager']);
    await expect(removeMember(memberCaller(members[0]!), admin.id)).rejects.toBeInstanceOf(AdminManagedBySupportError);
    await expect(removeMember(memberCaller(admin), admin.id)).rejects.toBeInstanceOf(AdminManagedBySupportError);
    expect((await expectTeamInvariants(team.id)).members).toHaveLength(2);
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('answers 404 for another team’s member and for someone already gone', async () => {
    const { team, admin, members } = await createTeam(['member']);
    const other = await createTeam(['member']);
    const lone = await createLoneUser();
    await removeMember(memberCaller(admin), members[0]!.id);
    for (const target of [other.members[0]!.id, lone.id, members[0]!.id, 'user_unknown']) {
      await expect(removeMember(memberCaller(admin), target)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expectTeamInvariants(team.id);
    await expectTeamInvariants(other.team.id);
  });
});

describe('audit log', () => {
  it('reads newest first, page by page, with a cursor bound to the team', async () => {
    const { team, admin, members } = await createTeam(['member', 'member', 'member']);
    const caller = memberCaller(admin);
    for (const member of members) {
      await changeMemberRole(caller, member.id, 'manager');
      await new Promise((r) => setTimeout(r, 2));
    }
    const first = await listAuditEvents(team.id, 2);
    expect(first.items.map((e) => e.target.id)).toEqual([members[2]!.id, members[1]!.id]);
    const second = await listAuditEvents(team.id, 2, first.nextToken!);
    expect(second.items.map((e) => e.target.id)).toEqual([members[0]!.id]);
    expect(second.items[0]).toEqual({
      id: expect.stringMatching(/^evt_/),
      at: expect.any(String),
      actor: { type: 'user', id: admin.id },
      action: 'member.role_changed',
      target: { type: 'user', id: members[0]!.id },
      details: { from: 'member', to: 'manager' },
    });
    const other = await createTeam();
    await expect(listAuditEvents(other.team.id, 2, first.nextToken!)).rejects.toBeInstanceOf(ValidationError);
  });
});
