import { describe, expect, it } from 'vitest';
import { countMemberStep, joinTeamStep } from '../../shared/db/memberships';
import { AlreadyMemberError, NotFoundError, TeamClosedError, UserInAnotherTeamError } from '../../shared/errors';
import { getTeam } from '../../shared/db/teams';
import { transact } from '../../shared/db/transact';
import { getUser } from '../../shared/db/users';
import { attachMember } from '../../shared/use-cases/support/attach-member';
import { findUsersByEmail } from '../../shared/use-cases/support/find-users';
import { getSupportTeamView } from '../../shared/use-cases/support/team-view';
import { transferAdmin } from '../../shared/use-cases/support/transfer-admin';
import { auditLog, createLoneUser, createTeam, expectTeamInvariants, supportCaller } from '../support/membership-fixtures';

const support = supportCaller('support-ops');
const reason = 'Ticket 4242: requested by the company owner';

/** A team closed by moving its only member away. */
async function closedTeam() {
  const solo = await createTeam();
  const target = await createTeam();
  await attachMember(support, target.team.id, { email: solo.admin.email, role: 'member', reason });
  return solo.team;
}

describe('support: finding accounts and reading teams', () => {
  it('finds an account by email, whatever its case, with its team and role', async () => {
    const { team, admin } = await createTeam();
    expect(await findUsersByEmail(admin.email.toUpperCase())).toEqual([expect.objectContaining({ id: admin.id, team_id: team.id, role: 'admin' })]);
    expect(await findUsersByEmail(admin.email.replace('@', '+other@'))).toEqual([]);
  });

  it('reads a team with all its members, and 404 for an unknown one', async () => {
    const { team, admin, members } = await createTeam(['manager', 'member']);
    const view = await getSupportTeamView(team.id);
    expect(view.team).toEqual(team);
    expect(view.members.map((m) => [m.id, m.role])).toEqual([[admin.id, 'admin'], [members[0]!.id, 'manager'], [members[1]!.id, 'member']]);
    await expect(getSupportTeamView('team_unknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('support: transferring the admin role', () => {
  it('makes the member admin and the old admin manager, in one audited transaction', async () => {
    const { team, admin, members } = await createTeam(['member', 'member']);
    const change = await transferAdmin(support, team.id, { user_id: members[1]!.id, reason });
    expect(change.team.admin_user_id).toBe(members[1]!.id);
    expect(change.user).toMatchObject({ id: members[1]!.id, role: 'admin', team_id: team.id });
    expect(change.members.map((m) => m.role)).toEqual(['manager', 'member', 'admin']);
    await expectTeamInvariants(team.id);
    const [event] = await auditLog(team.id);
    expect(event).toMatchObject({
      action: 'admin.transferred',
      actor: { type: 'support', id: 'support-ops' },
      target: { type: 'user', id: members[1]!.id },
      details: { from: admin.id, to: members[1]!.id, reason },
    });
  });

  it('answers the current admin unchanged, writing nothing', async () => {
    const { team, admin } = await createTeam(['member']);
    const change = await transferAdmin(support, team.id, { user_id: admin.id, reason });
    expect(change.team).toEqual(team);
    expect(change.user).toMatchObject({ id: admin.id, role: 'admin' });
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('answers 404 for a user who is not a member of that team, and for an unknown team', async () => {
    const { team, admin } = await createTeam(['member']);
    const other = await createTeam(['member']);
    const lone = await createLoneUser();
    for (const userId of [other.members[0]!.id, other.admin.id, lone.id, 'user_unknown']) {
      await expect(transferAdmin(support, team.id, { user_id: userId, reason })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(transferAdmin(support, 'team_unknown', { user_id: admin.id, reason })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getTeam(team.id))!.admin_user_id).toBe(admin.id);
    expect(await getUser(other.members[0]!.id)).toMatchObject({ role: 'member', team_id: other.team.id });
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('refuses a closed team with 409 team_closed', async () => {
    const closed = await closedTeam();
    await expect(transferAdmin(support, closed.id, { user_id: closed.admin_user_id, reason })).rejects.toBeInstanceOf(TeamClosedError);
  });
});

describe('support: attaching an account to a team', () => {
  it('attaches an account in no team with the given role', async () => {
    const { team } = await createTeam(['member']);
    const lone = await createLoneUser();
    const change = await attachMember(support, team.id, { email: lone.email.toUpperCase(), role: 'manager', reason });
    expect(change.user).toMatchObject({ id: lone.id, team_id: team.id, role: 'manager' });
    expect(change.members.map((m) => m.id)).toContain(lone.id);
    expect(change.team.member_count).toBe(3);
    await expectTeamInvariants(team.id);
    expect((await auditLog(team.id))[0]).toMatchObject({
      action: 'member.attached',
      actor: { type: 'support', id: 'support-ops' },
      target: { type: 'user', id: lone.id },
      details: { role: 'manager', reason },
    });
  });

  it('moves an account alone in its own team and closes that team, keeping its record', async () => {
    const { team } = await createTeam();
    const solo = await createTeam();
    const change = await attachMember(support, team.id, { email: solo.admin.email, role: 'member', reason });
    expect(change.user).toMatchObject({ id: solo.admin.id, team_id: team.id, role: 'member' });

    const { team: old } = await expectTeamInvariants(solo.team.id);
    expect(old).toMatchObject({ status: 'closed', member_count: 0, admin_user_id: solo.admin.id, closed_at: expect.any(String) });
    expect(await auditLog(solo.team.id)).toEqual([
      expect.objectContaining({
        action: 'team.closed',
        actor: { type: 'support', id: 'support-ops' },
        target: { type: 'team', id: solo.team.id },
        details: { reason, user_id: solo.admin.id, attached_to: team.id },
      }),
    ]);
    expect((await expectTeamInvariants(team.id)).members).toHaveLength(2);
    // Nothing joins a closed team any more.
    const latecomer = await createLoneUser();
    const at = new Date().toISOString();
    await expect(transact([joinTeamStep(latecomer.id, solo.team.id, 'member', at), countMemberStep(solo.team.id, 1, at)])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses an account in a team with others, or already in this team, with 409 and writes nothing', async () => {
    const { team, members } = await createTeam(['member']);
    const busy = await createTeam(['member']);
    for (const email of [busy.admin.email, busy.members[0]!.email]) {
      await expect(attachMember(support, team.id, { email, role: 'member', reason })).rejects.toBeInstanceOf(UserInAnotherTeamError);
    }
    await expect(attachMember(support, team.id, { email: members[0]!.email, role: 'member', reason })).rejects.toBeInstanceOf(AlreadyMemberError);
    expect((await expectTeamInvariants(busy.team.id)).team.status).toBe('active');
    expect((await expectTeamInvariants(team.id)).members).toHaveLength(2);
    expect(await auditLog(team.id)).toEqual([]);
    expect(await auditLog(busy.team.id)).toEqual([]);
  });

  it('answers 404 for an unknown address or team, and 409 team_closed for a closed team', async () => {
    const { team } = await createTeam();
    const lone = await createLoneUser();
    await expect(attachMember(support, team.id, { email: 'nobody-here@example.com', role: 'member', reason })).rejects.toBeInstanceOf(NotFoundError);
    await expect(attachMember(support, 'team_unknown', { email: lone.email, role: 'member', reason })).rejects.toBeInstanceOf(NotFoundError);
    const closed = await closedTeam();
    await expect(attachMember(support, closed.id, { email: lone.email, role: 'member', reason })).rejects.toBeInstanceOf(TeamClosedError);
    expect(await getUser(lone.id)).toMatchObject({ team_id: null });
  });
});
