import { listAllMembers, type MemberRecord } from '../../db/memberships';
import { getTeam, type TeamRecord } from '../../db/teams';
import { getUser, type UserRecord } from '../../db/users';
import { NotFoundError } from '../../errors';

/** A team as support sees it: the team item and every member. */
export interface SupportTeamView {
  team: TeamRecord;
  members: MemberRecord[];
}

/** What a support change answers: the team as it now is, and the user the change was about. */
export interface SupportTeamChange extends SupportTeamView {
  user: UserRecord;
}

/**
 * Reads a team for support: the team item consistently (404 when unknown),
 * its members from GSI1, page by page. The index is eventually consistent,
 * so right after a change a member's role may lag for a moment; the team's
 * own fields never do.
 */
export async function getSupportTeamView(teamId: string): Promise<SupportTeamView> {
  const [team, members] = await Promise.all([getTeam(teamId), listAllMembers(teamId)]);
  if (!team) throw new NotFoundError('team');
  return { team, members };
}

/** The answer of a support change, read after it was written. */
export async function supportTeamChange(teamId: string, userId: string): Promise<SupportTeamChange> {
  const [view, user] = await Promise.all([getSupportTeamView(teamId), getUser(userId)]);
  if (!user) throw new NotFoundError('user');
  return { ...view, user };
}
