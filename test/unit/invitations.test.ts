import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { countSentStep, invitationStatus } from '../../shared/db/invitations';
import { joinTeamStep } from '../../shared/db/memberships';
import { invitationEmail } from '../../shared/email/templates';
import { ConcurrentChangeError, RateLimitedError } from '../../shared/errors';
import { invitationExpiry, invitationsPerDay } from '../../shared/use-cases/invitations/policy';
import { retryOnContention } from '../../shared/db/retry-on-contention';

describe('invitation email', () => {
  const input = {
    to: 'ina@example.com',
    teamName: 'Acme <Labs>',
    inviterName: 'Ada "the admin"',
    role: 'manager' as const,
    link: 'https://app.example.com/accept-invitation?token=abc_DEF-123',
    expiresAt: '2030-01-08T10:00:00.000Z',
  };

  it('names the team, inviter, role and expiry, and carries the link, in text and HTML', () => {
    const mail = invitationEmail(input);
    expect(mail.to).toBe('ina@example.com');
    // The subject is ours alone: no user-chosen text at all.
    expect(mail.subject).toBe("You're invited to join a team on Refonte AI");
    for (const expected of ['Acme <Labs>', 'Ada "the admin"', 'manager', input.expiresAt, input.link]) expect(mail.text).toContain(expected);
    for (const expected of ['Acme &lt;Labs&gt;', 'Ada &quot;the admin&quot;', 'manager', input.expiresAt, `href="${input.link}"`]) {
      expect(mail.html).toContain(expected);
    }
    expect(mail.html).not.toContain('<Labs>');
  });

  it('keeps user-entered line breaks out of the subject', () => {
    expect(invitationEmail({ ...input, teamName: 'Evil\r\nBcc: x@y.z' }).subject).not.toMatch(/[\r\n]/);
  });

  it('phishing through names: an inviter named with a link and a team that says "re-login" make no link and no subject', () => {
    const mail = invitationEmail({
      ...input,
      inviterName: 'Win a prize at https://prize.evil.example',
      teamName: 'Security: re-login at www.refonte-login.evil.example',
    });
    expect(mail.subject).not.toMatch(/evil|prize|re-login/i);
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(/https:\/\/prize|www\.refonte|evil\.example/);
      // The one link is ours.
      expect(part.match(/https?:\/\//g)).toHaveLength(1);
    }
    expect(mail.html.match(/<a /g)).toHaveLength(1);
    expect(mail.text).toContain('https[:]//prize[.]evil[.]example');
  });
});

describe('invitation policy', () => {
  it('expires seven days after issue', () => {
    expect(invitationExpiry('2030-01-01T10:00:00.000Z')).toBe('2030-01-08T10:00:00.000Z');
  });

  it('reads the daily cap from INVITATIONS_PER_DAY, defaulting to 100 and refusing nonsense', () => {
    expect(invitationsPerDay({})).toBe(100);
    expect(invitationsPerDay({ INVITATIONS_PER_DAY: '' })).toBe(100);
    expect(invitationsPerDay({ INVITATIONS_PER_DAY: '7' })).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'many']) expect(() => invitationsPerDay({ INVITATIONS_PER_DAY: bad })).toThrow(/INVITATIONS_PER_DAY/);
  });

  it('computes expired from a pending invitation past its expiry; other statuses stand', () => {
    const at = '2030-01-08T10:00:00.000Z';
    expect(invitationStatus({ status: 'pending', expires_at: at }, '2030-01-08T09:59:59.999Z')).toBe('pending');
    expect(invitationStatus({ status: 'pending', expires_at: at }, at)).toBe('expired');
    expect(invitationStatus({ status: 'accepted', expires_at: at }, '2031-01-01T00:00:00.000Z')).toBe('accepted');
    expect(invitationStatus({ status: 'revoked', expires_at: at }, '2031-01-01T00:00:00.000Z')).toBe('revoked');
  });
});

describe('invitation steps', () => {
  it('counts per team and UTC day, and a refusal says when the next UTC day starts', () => {
    const step = countSentStep('team_1', '2030-03-01T23:59:30.000Z', 5);
    expect(step.item.Update).toMatchObject({
      Key: { PK: 'TEAM#team_1', SK: 'INVCOUNT#2030-03-01' },
      ExpressionAttributeValues: { ':cap': 5 },
    });
    const refusal = step.onConditionFailed!(undefined);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect(refusal.headers).toEqual({ 'retry-after': '30' });
  });

  it('joins and sets profile fields in one update, with the join’s own condition', () => {
    const at = '2030-01-01T00:00:00.000Z';
    const join = joinTeamStep('user_1', 'team_1', 'member', at);
    expect(joinTeamStep('user_1', 'team_1', 'member', at, {}).item).toEqual(join.item);

    const update = joinTeamStep('user_1', 'team_1', 'member', at, { job_title: 'Lead', phone: undefined }).item.Update!;
    expect(update.ConditionExpression).toBe(join.item.Update!.ConditionExpression);
    expect(update.UpdateExpression).toBe(`${join.item.Update!.UpdateExpression}, #p_job_title = :p_job_title`);
    expect(update.ExpressionAttributeNames).toMatchObject({ '#p_job_title': 'job_title' });
    expect(update.ExpressionAttributeNames).not.toHaveProperty('#p_phone');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':p_job_title': 'Lead', ':team': 'team_1' });
  });
});

describe('retryOnContention', () => {
  const conflict = () =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });

  it('re-runs an attempt that lost a race, until it wins', async () => {
    const attempt = vi.fn().mockRejectedValueOnce(new ConcurrentChangeError()).mockRejectedValueOnce(conflict()).mockResolvedValue('won');
    await expect(retryOnContention(attempt)).resolves.toBe('won');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('gives up with 409 conflict after a bounded number of attempts', async () => {
    const attempt = vi.fn().mockRejectedValue(conflict());
    await expect(retryOnContention(attempt)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(attempt).toHaveBeenCalledTimes(6);
  });

  it('does not retry any other error', async () => {
    const attempt = vi.fn().mockRejectedValue(new RateLimitedError(1));
    await expect(retryOnContention(attempt)).rejects.toBeInstanceOf(RateLimitedError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
