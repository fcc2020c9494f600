import { findInvitationIdByToken, getInvitation, invitationStatus, type InvitationRecord } from '../../db/invitations';
import { hashToken } from '../../domain/tokens';
import { InvitationGoneError, NotFoundError } from '../../errors';

/**
 * The invitation a token opens, while the token can still be used.
 * A token we never issued → 404. One we issued that is dead → 410: its
 * invitation was accepted, revoked, replaced by a newer one, resent (it now
 * has another token), expired, or is already gone from the table.
 */
export async function openInvitation(token: string, now: string): Promise<{ invitation: InvitationRecord; tokenHash: string }> {
  const tokenHash = hashToken(token);
  const issued = await findInvitationIdByToken(tokenHash);
  if (!issued) throw new NotFoundError('invitation');
  const invitation = await getInvitation(issued.teamId, issued.invitationId);
  if (!invitation || invitation.token_hash !== tokenHash || invitationStatus(invitation, now) !== 'pending') {
    throw new InvitationGoneError();
  }
  return { invitation, tokenHash };
}
