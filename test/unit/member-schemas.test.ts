import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { presentAuditEvent, presentMember, presentSupportTeam, presentSupportTeamChange } from '../../shared/api/presenters';
import { AttachMemberBody, SupportTeam, SupportTeamChange, TransferAdminBody } from '../../shared/api/support';
import { AuditEvent, Member, PatchMemberBody } from '../../shared/api/team';
import type { MemberRecord } from '../../shared/db/memberships';
import type { TeamRecord } from '../../shared/db/teams';

const AT = '2025-01-01T00:00:00.000Z';
const member: MemberRecord = {
  id: 'user_1',
  email: 'ann@example.com',
  name: 'Ann',
  company: 'Acme',
  job_title: 'CTO',
  phone: null,
  team_id: 'team_1',
  role: 'manager',
  joined_at: AT,
  email_verified: true,
  created_at: AT,
  updated_at: AT,
};
const team: TeamRecord = {
  id: 'team_1',
  name: 'Acme',
  callback_url: null,
  admin_user_id: 'user_0',
  member_count: 2,
  status: 'active',
  created_at: AT,
  updated_at: AT,
};

describe('member and support request schemas', () => {
  it('lets `admin` through the role change body, so the use case can answer 403 admin_managed_by_support', () => {
    expect(PatchMemberBody.safeParse({ role: 'admin' }).success).toBe(true);
    for (const bad of [{ role: 'owner' }, {}, { role: 'member', team_id: 't' }]) {
      expect(PatchMemberBody.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('requires a non-blank reason on every support change', () => {
    expect(TransferAdminBody.safeParse({ user_id: 'user_1', reason: ' ticket 1 ' }).data).toEqual({ user_id: 'user_1', reason: 'ticket 1' });
    for (const reason of [undefined, '', '   ', 'x'.repeat(501)]) {
      expect(TransferAdminBody.safeParse({ user_id: 'user_1', reason }).success).toBe(false);
      expect(AttachMemberBody.safeParse({ email: 'a@example.com', role: 'member', reason }).success).toBe(false);
    }
  });

  it('attaches as member or manager only', () => {
    expect(AttachMemberBody.safeParse({ email: 'a@example.com', role: 'manager', reason: 'r' }).success).toBe(true);
    expect(AttachMemberBody.safeParse({ email: 'a@example.com', role: 'admin', reason: 'r' }).success).toBe(false);
  });
});

describe('member, audit and support presenters', () => {
  it('presents a member with exactly the contract fields', () => {
    const wire = presentMember(member);
    expect(wire).toEqual({ user_id: 'user_1', email: 'ann@example.com', name: 'Ann', company: 'Acme', role: 'manager', joined_at: AT });
    expect(z.strictObject(Member.shape).safeParse(wire).success).toBe(true);
  });

  it('presents an audit event as recorded', () => {
    const event = { id: 'evt_1', at: AT, actor: { type: 'support' as const, id: 's' }, action: 'admin.transferred', target: { type: 'user', id: 'user_1' }, details: { reason: 'r' } };
    expect(z.strictObject(AuditEvent.shape).parse(presentAuditEvent(event))).toEqual(event);
  });

  it('presents support team views that match their schemas, closed or not', () => {
    const open = presentSupportTeam(team, [member]);
    expect(SupportTeam.parse(open)).toMatchObject({ status: 'active', closed_at: null, member_count: 2, members: [{ user_id: 'user_1' }] });
    const closed = presentSupportTeam({ ...team, status: 'closed', closed_at: AT, member_count: 0 }, []);
    expect(closed).toMatchObject({ status: 'closed', closed_at: AT, members: [] });
    const change = presentSupportTeamChange({ team, members: [member], user: member });
    expect(SupportTeamChange.parse(change).user).toMatchObject({ id: 'user_1', team_id: 'team_1', role: 'manager' });
    expect(change.user).not.toHaveProperty('joined_at');
  });
});
