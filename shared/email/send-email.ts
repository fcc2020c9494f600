import { SendEmailCommand } from '@aws-sdk/client-ses';
import { ses } from '../clients/ses';
import { requireEnv } from '../config';
import { logger } from '../powertools';

const EMAIL_FROM = requireEnv('EMAIL_FROM');

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type EmailStatus = 'sent' | 'failed';

/**
 * Sends one email. A failure is reported, never thrown: the caller's change
 * (an account, an invitation) is already saved and the email can be resent.
 * The body is never logged: it carries single-use tokens.
 */
export async function sendEmail(message: EmailMessage): Promise<EmailStatus> {
  try {
    await ses.send(
      new SendEmailCommand({
        Source: EMAIL_FROM,
        Destination: { ToAddresses: [message.to] },
        Message: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
        },
      }),
    );
    return 'sent';
  } catch (error) {
    logger.warn('Email not sent', { subject: message.subject, error: (error as Error).name });
    return 'failed';
  }
}
