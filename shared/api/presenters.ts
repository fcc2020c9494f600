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
