import { linkReading } from '../domain/text';
import type { EmailMessage } from './send-email';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Text someone other than the recipient chose (a name, a team name), made
 * unable to pass for one of our links or instructions: whitespace runs
 * become one space, and whatever a mail client would turn into a link
 * (`scheme://`, `www.`, a bare domain) is broken with a bracketed dot, the
 * usual way to quote an address without making it clickable. It is then
 * HTML-escaped where it goes into HTML, like every other line.
 */
export function quoteUserText(text: string): string {
  // Read as a mail client would: full-width and ideographic look-alikes of `.`, `:` and `www` count.
  return linkReading(text)
    .replace(/\s+/g, ' ')
    .replace(/:\/\//g, '[:]//')
    .replace(/\b(www)\./gi, '$1[.]')
    // Any dot between letters or digits of any script: `пример.рф`, `192.168.0.1` are links to a mail client too.
    .replace(/(?<=[\p{L}\p{N}-])\.(?=[\p{L}\p{N}])/gu, '[.]');
}

/**
 * Plain text and HTML from the same lines, so the two never drift apart.
 * The subject is always our own fixed text: user-chosen text goes only
 * into the body, quoted, and the one link is ours.
 */
function compose(to: string, subject: string, lines: string[], link: { label: string; url: string }): EmailMessage {
  return {
    to,
    subject,
    text: [...lines, '', `${link.label}: ${link.url}`, '', '— Refonte AI'].join('\n'),
    html: [
      ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
      '<p>— Refonte AI</p>',
    ].join('\n'),
  };
}

export function verificationEmail(input: { to: string; name: string; link: string; expiresAt: string }): EmailMessage {
  return compose(
    input.to,
    'Verify your Refonte AI email address',
    [
      `Hi ${quoteUserText(input.name)},`,
      'Welcome to Refonte AI. Confirm this is your email address to finish creating your account.',
      `The link works once and expires at ${input.expiresAt}.`,
      "If you didn't sign up, ignore this email: without this link, nobody can use an account with your address.",
    ],
    { label: 'Verify your email', url: input.link },
  );
}

export function invitationEmail(input: {
  to: string;
  teamName: string;
  inviterName: string;
  role: 'member' | 'manager';
  link: string;
  expiresAt: string;
}): EmailMessage {
  return compose(
    input.to,
    "You're invited to join a team on Refonte AI",
    [
      'Hi,',
      `${quoteUserText(input.inviterName)} has invited you to join the team "${quoteUserText(input.teamName)}" on Refonte AI as a ${input.role}.`,
      'The names above were typed by the person who invited you; the only link in this email is the one below.',
      `The invitation works once and expires at ${input.expiresAt}.`,
      "If you weren't expecting this invitation, ignore this email.",
    ],
    { label: 'Accept the invitation', url: input.link },
  );
}

export function passwordResetEmail(input: { to: string; name: string; link: string; expiresAt: string }): EmailMessage {
  return compose(
    input.to,
    'Reset your Refonte AI password',
    [
      `Hi ${quoteUserText(input.name)},`,
      'Someone asked to reset the password of your Refonte AI account. Choose a new one with the link below.',
      `The link works once and expires at ${input.expiresAt}. Resetting signs your account out everywhere.`,
      "If you didn't ask for this, ignore this email: your password stays as it is.",
    ],
    { label: 'Choose a new password', url: input.link },
  );
}

/** An enterprise team's monthly invoice; the same figures as the invoice document. */
export function invoiceEmail(input: { to: string; teamName: string; summary: string[]; link: string; period: string }): EmailMessage {
  return compose(
    input.to,
    `Your Refonte AI invoice for ${input.period}`,
    ['Hi,', `Here is the invoice of your team "${quoteUserText(input.teamName)}" for ${input.period}.`, ...input.summary],
    { label: 'View it in your billing tab', url: input.link },
  );
}
