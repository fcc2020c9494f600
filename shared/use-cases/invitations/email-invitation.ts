import { recordEmailStatus, type InvitationRecord } from '../../db/invitations';
import { hashToken } from '../../domain/tokens';
import { sendEmail, type EmailStatus } from '../../email/send-email';
import { invitationEmail } from '../../email/templates';
import { logger } from '../../powertools';
import { appLink } from '../../email/app-links';

/**
 * Emails the accept link carrying `token`, then records on the invitation
 * whether SES took it. Neither step throws: the invitation already exists
 * and stays pending, and if the status is not recorded it reads `failed`,
 * which errs towards a resend.
 */
export async function emailInvitation(invitation: InvitationRecord, token: string, teamName: string): Promise<EmailStatus> {
  const status = await sendEmail(
    invitationEmail({
      to: invitation.email,
      teamName,
      inviterName: invitation.invited_by_name,
      role: invitation.role,
      link: appLink('/accept-invitation', { token }),
      expiresAt: invitation.expires_at,
    }),
  );
  try {
    await recordEmailStatus(invitation, hashToken(token), status);
  } catch (error) {
    logger.warn('Invitation email status not recorded', { invitation_id: invitation.id, error: (error as Error).name });
  }
  return status;
}
