import type { EmailMessage } from './send-email';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Plain text and HTML from the same lines, so the two never drift apart. */
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
      `Hi ${input.name},`,
      'Welcome to Refonte AI. Confirm this is your email address to finish creating your account.',
      `The link works once and expires at ${input.expiresAt}.`,
      "If you didn't sign up, ignore this email.",
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
    // Names are user-entered: a line break must not reach the subject header.
    `${input.inviterName} invited you to join ${input.teamName} on Refonte AI`.replace(/\s+/g, ' '),
    [
      'Hi,',
      `${input.inviterName} has invited you to join the team "${input.teamName}" on Refonte AI as a ${input.role}.`,
      `The invitation works once and expires at ${input.expiresAt}.`,
      "If you weren't expecting this invitation, ignore this email.",
    ],
    { label: 'Accept the invitation', url: input.link },
  );
}
