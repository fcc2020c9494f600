import { describe, expect, it } from 'vitest';
import { invitationEmail, passwordResetEmail, quoteUserText, verificationEmail } from '../../shared/email/templates';
import { looksLikeLink } from '../../shared/domain/text';

/**
 * "100 sign-ups → 100 emails carrying attacker-chosen text": whatever a
 * name says, the subject is ours, the only link is ours, and HTML stays text.
 */
const LINK = 'https://app.refonte.example/verify-email?token=abc';
const HOSTILE = 'Win a prize at https://prize.evil.example <b>now</b> & visit www.evil.example';

describe('emails carrying user-chosen names', () => {
  const mails = [
    verificationEmail({ to: 'a@example.com', name: HOSTILE, link: LINK, expiresAt: '2030-01-01T00:00:00.000Z' }),
    passwordResetEmail({ to: 'a@example.com', name: HOSTILE, link: LINK, expiresAt: '2030-01-01T00:00:00.000Z' }),
    invitationEmail({ to: 'a@example.com', inviterName: HOSTILE, teamName: 'Acme', role: 'member', link: LINK, expiresAt: '2030-01-01T00:00:00.000Z' }),
  ];

  it.each(mails.map((m) => [m.subject, m] as const))('"%s": fixed subject, one link (ours), escaped HTML', (subject, mail) => {
    expect(subject).not.toMatch(/prize|evil|Win/);
    for (const part of [mail.text, mail.html]) {
      expect(part.match(/https?:\/\//g)).toEqual(['https://']);
      expect(part).toContain(LINK);
      expect(part).not.toMatch(/evil\.example|www\.evil/);
    }
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;b&gt;now&lt;/b&gt; &amp;');
    expect(mail.html.match(/<a /g)).toHaveLength(1);
  });

  it('leaves ordinary names as they are', () => {
    for (const name of ['Ada Lovelace', 'Zoë O’Brien-Smith', 'J. R. R. Tolkien', 'Acme Inc.', '李小龍']) expect(quoteUserText(name)).toBe(name);
  });
});

describe('link look-alikes in user-chosen text', () => {
  it.each(['ｗｗｗ．evil．com', 'https：//evil.example', 'www。evil。com', 'WWW｡evil｡com'])('%s counts as a link (refused in a team name)', (text) => {
    expect(looksLikeLink(text)).toBe(true);
  });

  it.each(['ｗｗｗ．evil．com', 'https：//evil.example', 'www。evil。com', 'WWW｡evil｡com', 'пример.рф', '192.168.0.1/login'])('%s is defanged when quoted in an email', (text) => {
    expect(quoteUserText(text)).not.toMatch(/:\/\/|www\.|[\p{L}\p{N}]\.[\p{L}\p{N}]/iu);
  });
});

