import type { InvitationRecord } from '../../db/invitations';
import { getTeam, type TeamRecord } from '../../db/teams';
import { InvitationGoneError } from '../../errors';
import { openInvitation } from './open-invitation';

/**
 * What an invitation token invites to (public: the token is the credential).
 *
 * 1. Open the invitation by its token: unknown → 404; used, revoked,
 *    replaced, resent or expired → 410.
 * 2. Read its team for the current name; a team closed since → 410.
 */
export async function previewInvitation(token: string): Promise<{ invitation: InvitationRecord; team: TeamRecord }> {
  const { invitation } = await openInvitation(token, new Date().toISOString());
  const team = await getTeam(invitation.team_id);
  if (team?.status !== 'active') throw new InvitationGoneError();
  return { invitation, team };
}
