import type { AuditEventRecord } from '../db/audit-events';
import type { MemberRecord } from '../db/memberships';
import { invitationStatus, type InvitationRecord } from '../db/invitations';
import type { TeamRecord } from '../db/teams';
import type { UserRecord } from '../db/users';

/** Records → wire objects. Internal attributes (keys, joined_at) never leave. */
export function presentUser(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    company: user.company,
    job_title: user.job_title,
    phone: user.phone,
    team_id: user.team_id,
    role: user.role,
    email_verified: user.email_verified,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

export function presentTeam(team: TeamRecord) {
  return {
    id: team.id,
    name: team.name,
    callback_url: team.callback_url,
    admin_user_id: team.admin_user_id,
    created_at: team.created_at,
    updated_at: team.updated_at,
  };
}

export function presentMember(member: MemberRecord) {
  return {
    user_id: member.id,
    email: member.email,
    name: member.name,
    company: member.company,
    role: member.role,
    joined_at: member.joined_at,
  };
}

export function presentAuditEvent(event: AuditEventRecord) {
  return { id: event.id, at: event.at, actor: event.actor, action: event.action, target: event.target, details: event.details };
}

/** Support's view of a team: what customers see, plus its lifecycle and every member. */
export function presentSupportTeam(team: TeamRecord, members: readonly MemberRecord[]) {
  return {
    ...presentTeam(team),
    status: team.status,
    plan: team.plan ?? 'on_demand',
    closed_at: team.closed_at ?? null,
    member_count: team.member_count,
    members: members.map(presentMember),
  };
}

/** A support change's answer: the team as it now is, and the user it concerned. */
export function presentSupportTeamChange(change: { team: TeamRecord; members: readonly MemberRecord[]; user: UserRecord }) {
  return { ...presentSupportTeam(change.team, change.members), user: presentUser(change.user) };
}

/** `now` decides expired vs pending; a list passes the instant its filter used, so the two agree. */
export function presentInvitation(invitation: InvitationRecord, now = new Date().toISOString()) {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invited_by: invitation.invited_by,
    created_at: invitation.created_at,
    expires_at: invitation.expires_at,
    accepted_at: invitation.accepted_at,
    revoked_at: invitation.revoked_at,
    email_status: invitation.email_status,
  };
}

export function presentInvitationPreview(invitation: InvitationRecord, team: TeamRecord) {
  return {
    team_name: team.name,
    email: invitation.email,
    role: invitation.role,
    invited_by_name: invitation.invited_by_name,
    expires_at: invitation.expires_at,
  };
}

export function presentApiKey(key: {
  id: string;
  environment: 'live' | 'test';
  name: string | null;
  last_four: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
}) {
  return {
    id: key.id,
    environment: key.environment,
    name: key.name,
    last_four: key.last_four,
    created_at: key.created_at,
    created_by: key.created_by,
    last_used_at: key.last_used_at,
  };
}
