import { AdminGetUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { ses } from '../../shared/clients/ses';
import { findUserIdByEmail } from '../../shared/db/email-claims';
import { findPendingInvitationId, getInvitation, listInvitations, type InvitationRecord } from '../../shared/db/invitations';
import { type MemberRecord } from '../../shared/db/memberships';
import {
  AlreadyMemberError,
  ConcurrentChangeError,
  ForbiddenError,
  InvitationGoneError,
  InvitationNotPendingError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UserInAnotherTeamError,
  ValidationError,
} from '../../shared/errors';
import { keys, TABLE_NAME } from '../../shared/db/table';
import { getTeam } from '../../shared/db/teams';
import { getUser } from '../../shared/db/users';
import { userIdFromSub } from '../../shared/domain/ids';
import { signIn } from '../../shared/identity/cognito-users';
import { acceptInvitation } from '../../shared/use-cases/invitations/accept-invitation';
import { createInvitation } from '../../shared/use-cases/invitations/create-invitation';
import { previewInvitation } from '../../shared/use-cases/invitations/preview-invitation';
import { resendInvitation } from '../../shared/use-cases/invitations/resend-invitation';
import { revokeInvitation } from '../../shared/use-cases/invitations/revoke-invitation';
import { auditLog, createLoneUser, createTeam, expectTeamInvariants, fixtureEmail, memberCaller } from '../support/membership-fixtures';

/**
 * The invitation use cases against DynamoDB Local and moto (Cognito, SES).
 * Tokens exist in clear only in the emails, so tests read them from moto's
 * SES store, as an invitee reads their mailbox.
 */

const PASSWORD = 'Str0ng!Passw0rd-42';
const DAY_MS = 24 * 60 * 60 * 1000;

interface SentEmail {
  destinations: { ToAddresses: string[] };
  subject: string;
  body: string;
}

async function emailsTo(address: string): Promise<SentEmail[]> {
  const data = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as { ses: { Message: SentEmail[] } };
  return data.ses.Message.filter((m) => m.destinations.ToAddresses.includes(address));
}

function tokenIn(mail: SentEmail): string {
  return /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
}

/** Invites and returns the invitation with the token its email carried. */
async function invite(inviter: MemberRecord, email: string, role: 'member' | 'manager' = 'member') {
  const invitation = await createInvitation(memberCaller(inviter), { email, role });
  return { invitation, token: tokenIn((await emailsTo(email.toLowerCase())).at(-1)!) };
}

async function resend(inviter: MemberRecord, invitation: InvitationRecord) {
  const resent = await resendInvitation(memberCaller(inviter), invitation.id);
  return { invitation: resent, token: tokenIn((await emailsTo(invitation.email)).at(-1)!) };
}

/** Moves an invitation's expiry into the past, as time would. */
async function age(invitation: InvitationRecord) {
  await dynamo.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: keys.invitation(invitation.team_id, invitation.id),
      UpdateExpression: 'SET expires_at = :past',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}

const newAccount = { password: PASSWORD, name: 'Ina Vitee', company: 'Guests Inc' };
const now = () => new Date().toISOString();
const actions = async (teamId: string) => (await auditLog(teamId)).map((e) => e.action);

/** Which invitation the address pointer names. */
async function pointerOf(invitation: InvitationRecord) {
  return findPendingInvitationId(invitation.team_id, invitation.email);
}

describe('creating invitations', () => {
  it('stores a pending invitation with only the token hash, emails the link, and audits it', async () => {
    const { team, admin } = await createTeam();
    const email = fixtureEmail('guest');
    const { invitation, token } = await invite(admin, email.toUpperCase(), 'manager');

    expect(invitation).toMatchObject({ email, role: 'manager', status: 'pending', invited_by: admin.id, email_status: 'sent' });
    expect(invitation.id).toMatch(/^inv_/);
    expect(Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)).toBe(7 * DAY_MS);

    const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.invitation(team.id, invitation.id) }));
    expect(JSON.stringify(Item)).not.toContain(token);
    expect(Item).toMatchObject({ email_status: 'sent', expires_at_epoch: Math.floor((Date.parse(invitation.expires_at) + 30 * DAY_MS) / 1000) });

    const [mail] = await emailsTo(email);
    expect(mail!.subject).not.toContain(team.name);
    expect(mail!.body).toContain(team.name);
    expect(mail!.body).toContain(admin.name);
    expect(mail!.body).toContain('manager');
    expect(mail!.body).toContain(invitation.expires_at);
    expect(mail!.body).toContain(`/accept-invitation?token=${token}`);

    expect(await pointerOf(invitation)).toBe(invitation.id);
    const [created] = await auditLog(team.id);
    expect(created).toMatchObject({
      action: 'invitation.created',
      actor: { type: 'user', id: admin.id },
      target: { type: 'invitation', id: invitation.id },
      details: { email, role: 'manager' },
    });
  });

  it('refuses an address already in this team, whatever its case, and writes nothing', async () => {
    const { team, admin, members } = await createTeam(['member']);
    for (const email of [admin.email, members[0]!.email.toUpperCase()]) {
      await expect(createInvitation(memberCaller(admin), { email, role: 'member' })).rejects.toBeInstanceOf(AlreadyMemberError);
    }
    expect((await listInvitations(team.id, { limit: 10, now: now() })).items).toEqual([]);
    expect(await auditLog(team.id)).toEqual([]);
  });

  it('invites an address that belongs to another team like any other', async () => {
    const { admin } = await createTeam();
    const other = await createTeam(['member']);
    const { invitation } = await invite(admin, other.members[0]!.email);
    expect(invitation).toMatchObject({ status: 'pending', email_status: 'sent' });
  });

  it('replaces the pending invitation of a re-invited address: the old one is revoked and its token dead', async () => {
    const { team, admin } = await createTeam();
    const email = fixtureEmail('again');
    const first = await invite(admin, email);
    const second = await invite(admin, email, 'manager');

    expect(await getInvitation(team.id, first.invitation.id)).toMatchObject({ status: 'revoked', replaced_by: second.invitation.id });
    expect(await pointerOf(second.invitation)).toBe(second.invitation.id);
    await expect(previewInvitation(first.token)).rejects.toBeInstanceOf(InvitationGoneError);
    await expect(previewInvitation(second.token)).resolves.toMatchObject({ invitation: { id: second.invitation.id, role: 'manager' } });
    await expect(acceptInvitation({ token: first.token, ...newAccount }, null)).rejects.toBeInstanceOf(InvitationGoneError);

    const log = await auditLog(team.id);
    expect(log.find((e) => e.action === 'invitation.revoked')).toMatchObject({
      target: { id: first.invitation.id },
      details: { replaced_by: second.invitation.id },
    });
    expect(log.filter((e) => e.action === 'invitation.created')).toHaveLength(2);
  });

  it('keeps the invitation pending with email_status failed when SES refuses, and a resend then sends it', async () => {
    const { team, admin } = await createTeam();
    const spy = vi.spyOn(ses, 'send').mockRejectedValue(Object.assign(new Error('throttled'), { name: 'Throttling' }) as never);
    const invitation = await createInvitation(memberCaller(admin), { email: fixtureEmail('bounce'), role: 'member' });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();

    expect(invitation).toMatchObject({ status: 'pending', email_status: 'failed' });
    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'pending', email_status: 'failed' });
    const { invitation: resent, token } = await resend(admin, invitation);
    expect(resent).toMatchObject({ id: invitation.id, status: 'pending', email_status: 'sent' });
    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ email_status: 'sent' });
    await expect(previewInvitation(token)).resolves.toBeDefined();
  });
});

describe('the daily invitation cap', () => {
  afterEach(() => {
    delete process.env.INVITATIONS_PER_DAY;
  });

  it('counts creates and resends per team and UTC day, refusing the excess with Retry-After and writing nothing', async () => {
    process.env.INVITATIONS_PER_DAY = '3';
    const { team, admin } = await createTeam();
    const { invitation } = await invite(admin, fixtureEmail('cap'));
    await invite(admin, fixtureEmail('cap'));
    await resend(admin, invitation);

    const refused = await createInvitation(memberCaller(admin), { email: fixtureEmail('cap'), role: 'member' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    const nextUtcDay = Date.parse(now().slice(0, 10)) + DAY_MS;
    const retryAfter = Number((refused as RateLimitedError).headers!['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(Math.abs(retryAfter - (nextUtcDay - Date.now()) / 1000)).toBeLessThan(5);
    await expect(resendInvitation(memberCaller(admin), invitation.id)).rejects.toBeInstanceOf(RateLimitedError);

    expect((await listInvitations(team.id, { limit: 10, now: now() })).items).toHaveLength(2);
    expect(await actions(team.id)).toEqual(['invitation.resent', 'invitation.created', 'invitation.created']);

    // Another team has its own count.
    const other = await createTeam();
    await expect(invite(other.admin, fixtureEmail('cap'))).resolves.toBeDefined();
  });
});

describe('resending, revoking, listing', () => {
  it('resend rotates the token and expiry; the old token is dead', async () => {
    const { team, admin } = await createTeam();
    const first = await invite(admin, fixtureEmail('resend'));
    const second = await resend(admin, first.invitation);

    expect(second.token).not.toBe(first.token);
    expect(second.invitation).toMatchObject({ id: first.invitation.id, status: 'pending', created_at: first.invitation.created_at });
    expect(second.invitation.expires_at >= first.invitation.expires_at).toBe(true);
    await expect(previewInvitation(first.token)).rejects.toBeInstanceOf(InvitationGoneError);
    await expect(previewInvitation(second.token)).resolves.toBeDefined();
    expect((await auditLog(team.id))[0]).toMatchObject({ action: 'invitation.resent', target: { id: first.invitation.id } });
  });

  it('resend revives an expired invitation, and refuses accepted and revoked ones', async () => {
    const { team, admin } = await createTeam();
    const expired = await invite(admin, fixtureEmail('late'));
    await age(expired.invitation);
    await expect(previewInvitation(expired.token)).rejects.toBeInstanceOf(InvitationGoneError);
    const revived = await resend(admin, expired.invitation);
    expect(Date.parse(revived.invitation.expires_at)).toBeGreaterThan(Date.now() + 7 * DAY_MS - 60_000);
    expect((await getInvitation(team.id, expired.invitation.id))!.expires_at).toBe(revived.invitation.expires_at);
    await expect(previewInvitation(revived.token)).resolves.toBeDefined();

    const revoked = await invite(admin, fixtureEmail('revoked'));
    await revokeInvitation(memberCaller(admin), revoked.invitation.id);
    const accepted = await invite(admin, fixtureEmail('accepted'));
    await acceptInvitation({ token: accepted.token, ...newAccount }, null);
    for (const [{ invitation }, status] of [[revoked, 'revoked'], [accepted, 'accepted']] as const) {
      const error = await resendInvitation(memberCaller(admin), invitation.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvitationNotPendingError);
      expect(error).toMatchObject({ status: 409, code: 'invitation_not_pending', invitationStatus: status });
    }
  });

  it('revoke kills the token, is idempotent, frees the address for a new invitation, and refuses an accepted one', async () => {
    const { team, admin, members } = await createTeam(['manager']);
    const manager = memberCaller(members[0]!);
    const { invitation, token } = await invite(admin, fixtureEmail('revoke'));
    await revokeInvitation(manager, invitation.id);
    await revokeInvitation(manager, invitation.id);

    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'revoked', revoked_at: expect.any(String) });
    expect(await pointerOf(invitation)).toBeNull();
    await expect(previewInvitation(token)).rejects.toBeInstanceOf(InvitationGoneError);
    expect((await actions(team.id)).filter((a) => a === 'invitation.revoked')).toHaveLength(1);
    const again = await invite(admin, invitation.email);
    expect(await pointerOf(again.invitation)).toBe(again.invitation.id);

    await acceptInvitation({ token: again.token, ...newAccount }, null);
    await expect(revokeInvitation(manager, again.invitation.id)).rejects.toBeInstanceOf(InvitationNotPendingError);
  });

  it('answers 404 for an unknown id and for another team’s invitation alike', async () => {
    const { admin } = await createTeam();
    const other = await createTeam();
    const { invitation } = await invite(other.admin, fixtureEmail('theirs'));
    for (const id of ['inv_unknown', invitation.id]) {
      await expect(revokeInvitation(memberCaller(admin), id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(resendInvitation(memberCaller(admin), id)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await getInvitation(other.team.id, invitation.id)).toMatchObject({ status: 'pending' });
  });

  it('lists newest first, with expired computed on read, filters by each status, and pages full pages', async () => {
    const { team, admin } = await createTeam();
    const make = async (tag: string) => invite(admin, fixtureEmail(tag));
    const accepted = await make('accepted');
    await acceptInvitation({ token: accepted.token, ...newAccount }, null);
    const revoked = await make('revoked');
    await revokeInvitation(memberCaller(admin), revoked.invitation.id);
    const expired = await make('expired');
    await age(expired.invitation);
    const pending = [await make('pending1'), await make('pending2')];

    const all = await listInvitations(team.id, { limit: 25, now: now() });
    expect(all.items.map((i) => i.id)).toEqual(
      [...pending].reverse().concat([expired, revoked, accepted]).map((x) => x.invitation.id),
    );
    expect(all.nextToken).toBeNull();

    const byStatus = async (status: 'pending' | 'accepted' | 'revoked' | 'expired') =>
      (await listInvitations(team.id, { status, limit: 25, now: now() })).items.map((i) => i.id);
    expect(await byStatus('pending')).toEqual([pending[1]!.invitation.id, pending[0]!.invitation.id]);
    expect(await byStatus('expired')).toEqual([expired.invitation.id]);
    expect(await byStatus('revoked')).toEqual([revoked.invitation.id]);
    expect(await byStatus('accepted')).toEqual([accepted.invitation.id]);

    // Full pages under a filter: one pending per page, then the end.
    const page1 = await listInvitations(team.id, { status: 'pending', limit: 1, now: now() });
    expect(page1.items.map((i) => i.id)).toEqual([pending[1]!.invitation.id]);
    const page2 = await listInvitations(team.id, { status: 'pending', limit: 1, nextToken: page1.nextToken!, now: now() });
    expect(page2.items.map((i) => i.id)).toEqual([pending[0]!.invitation.id]);
    expect(page2.nextToken).toBeNull();

    const other = await createTeam();
    await expect(listInvitations(other.team.id, { limit: 1, nextToken: page1.nextToken!, now: now() })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('previewing', () => {
  it('shows the team, address, role, inviter and expiry; 404 for a token never issued', async () => {
    const { team, admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('peek'), 'manager');
    const preview = await previewInvitation(token);
    expect(preview.team).toMatchObject({ id: team.id, name: team.name });
    expect(preview.invitation).toMatchObject({ email: invitation.email, role: 'manager', invited_by_name: admin.name, expires_at: invitation.expires_at });
    await expect(previewInvitation('x'.repeat(43))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('accepting with a new account', () => {
  afterEach(() => vi.restoreAllMocks());

  it('creates a verified account in the team with the invited role, once', async () => {
    const { team, admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('newbie'), 'manager');
    const { user, team: joinedTeam } = await acceptInvitation({ token, ...newAccount, job_title: 'Labeler' }, null);

    expect(joinedTeam.id).toBe(team.id);
    expect(user).toMatchObject({ email: invitation.email, name: 'Ina Vitee', job_title: 'Labeler', team_id: team.id, role: 'manager', email_verified: true });
    expect(await getUser(user.id)).toMatchObject({ team_id: team.id, role: 'manager', email_verified: true });
    expect(await findUserIdByEmail(invitation.email)).toBe(user.id);
    const identity = await cognito.send(new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID!, Username: invitation.email }));
    expect(identity.Enabled).toBe(true);
    expect(userIdFromSub(identity.UserAttributes!.find((a) => a.Name === 'sub')!.Value!)).toBe(user.id);
    await expect(signIn(invitation.email, PASSWORD)).resolves.toHaveProperty('id_token');

    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'accepted', accepted_by: user.id });
    expect(await pointerOf(invitation)).toBeNull();
    const { members } = await expectTeamInvariants(team.id);
    expect(members.map((m) => m.id)).toEqual([admin.id, user.id]);
    expect((await auditLog(team.id))[0]).toMatchObject({
      action: 'invitation.accepted',
      actor: { type: 'user', id: user.id },
      target: { type: 'invitation', id: invitation.id },
    });

    await expect(acceptInvitation({ token, ...newAccount }, null)).rejects.toBeInstanceOf(InvitationGoneError);
    await expect(previewInvitation(token)).rejects.toBeInstanceOf(InvitationGoneError);
  });

  it('needs password, name and company, refuses a signed-in caller, and writes nothing when refused', async () => {
    const { team, admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('incomplete'));
    const missing = await acceptInvitation({ token, password: PASSWORD }, null).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).details?.map((d) => d.path)).toEqual(['name', 'company']);
    await expect(acceptInvitation({ token, name: 'A', company: 'B' }, null)).rejects.toBeInstanceOf(ValidationError);
    await expect(acceptInvitation({ token, ...newAccount }, admin.id)).rejects.toBeInstanceOf(ForbiddenError);

    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'pending' });
    expect(await findUserIdByEmail(invitation.email)).toBeNull();
    expect((await getTeam(team.id))!.member_count).toBe(1);
  });

  it('refuses an expired invitation', async () => {
    const { admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('expired'));
    await age(invitation);
    await expect(acceptInvitation({ token, ...newAccount }, null)).rejects.toBeInstanceOf(InvitationGoneError);
  });

  it('takes the transaction back when Cognito refuses, so the invitation can be accepted again', async () => {
    const { team, admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('cognito'));
    const realSend = cognito.send.bind(cognito);
    vi.spyOn(cognito, 'send').mockImplementation(((command: unknown) =>
      command instanceof AdminSetUserPasswordCommand
        ? Promise.reject(Object.assign(new Error('Cognito is down'), { name: 'InternalErrorException' }))
        : realSend(command as never)) as never);
    await expect(acceptInvitation({ token, ...newAccount }, null)).rejects.toThrow('Cognito is down');
    vi.restoreAllMocks();

    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'pending', accepted_at: null, accepted_by: null });
    expect(await pointerOf(invitation)).toBe(invitation.id);
    expect(await findUserIdByEmail(invitation.email)).toBeNull();
    await expectTeamInvariants(team.id);
    expect((await getTeam(team.id))!.member_count).toBe(1);
    expect(await actions(team.id)).not.toContain('invitation.accepted');

    const { user } = await acceptInvitation({ token, ...newAccount }, null);
    expect(await getUser(user.id)).toMatchObject({ team_id: team.id });
    await expect(signIn(invitation.email, PASSWORD)).resolves.toHaveProperty('access_token');
  });
});

describe('accepting with an existing account', () => {
  it('joins an account in no team when it is the signed-in caller, applying profile fields', async () => {
    const { team, admin } = await createTeam();
    const lone = await createLoneUser();
    const { invitation, token } = await invite(admin, lone.email, 'manager');

    await expect(acceptInvitation({ token }, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(acceptInvitation({ token, password: PASSWORD }, null)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/sign in.*Bearer/),
    });
    await expect(acceptInvitation({ token }, admin.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(acceptInvitation({ token, password: PASSWORD }, lone.id)).rejects.toBeInstanceOf(ValidationError);
    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'pending' });

    const { user } = await acceptInvitation({ token, job_title: 'Lead', phone: '+1 555 0100' }, lone.id);
    expect(user).toMatchObject({ id: lone.id, team_id: team.id, role: 'manager', name: lone.name, job_title: 'Lead', phone: '+1 555 0100' });
    expect(await getUser(lone.id)).toMatchObject({ team_id: team.id, role: 'manager', job_title: 'Lead', phone: '+1 555 0100' });
    await expectTeamInvariants(team.id);
    expect((await getTeam(team.id))!.member_count).toBe(2);
    expect((await auditLog(team.id))[0]).toMatchObject({ action: 'invitation.accepted', actor: { type: 'user', id: lone.id } });
  });

  it('refuses an account already in a team, this one or another, before asking for credentials', async () => {
    const { admin } = await createTeam();
    const other = await createTeam(['member']);
    const { invitation, token } = await invite(admin, other.members[0]!.email);
    for (const signedIn of [null, other.members[0]!.id]) {
      for (const extra of [{}, { password: PASSWORD }]) {
        const error = await acceptInvitation({ token, ...extra }, signedIn).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserInAnotherTeamError);
        expect((error as Error).message).toMatch(/\+tag.*support/);
      }
    }
    expect(await getInvitation(admin.team_id, invitation.id)).toMatchObject({ status: 'pending' });

    // Invited while in no team, then joined this very team some other way.
    const lone = await createLoneUser();
    const first = await invite(admin, lone.email);
    const second = await invite(other.admin, lone.email);
    await acceptInvitation({ token: second.token }, lone.id);
    await expect(acceptInvitation({ token: first.token }, lone.id)).rejects.toBeInstanceOf(UserInAnotherTeamError);
  });
});

describe('races (≥ 50 concurrent operations, final state checked)', () => {
  const OPS = 50;

  async function settle<T>(attempts: Promise<T>[]) {
    const results = await Promise.allSettled(attempts);
    return {
      won: results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value),
      refused: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error),
    };
  }

  it('50 concurrent accepts of one token (new account) make exactly one member', { timeout: 120_000 }, async () => {
    const { team, admin } = await createTeam();
    const { invitation, token } = await invite(admin, fixtureEmail('race-new'));
    const { won, refused } = await settle(
      Array.from({ length: OPS }, (_, i) => acceptInvitation({ token, ...newAccount, name: `Racer ${i}` }, null)),
    );

    expect(won).toHaveLength(1);
    for (const error of refused) expect(error, `${error.name}: ${error.message}`).toBeInstanceOf(InvitationGoneError);
    const { user } = won[0]!;

    const { members } = await expectTeamInvariants(team.id);
    expect(members.map((m) => m.id)).toEqual([admin.id, user.id]);
    expect(await getInvitation(team.id, invitation.id)).toMatchObject({ status: 'accepted', accepted_by: user.id });
    expect(await findUserIdByEmail(invitation.email)).toBe(user.id);
    expect((await getUser(user.id))!.name).toBe(user.name);
    expect((await actions(team.id)).filter((a) => a === 'invitation.accepted')).toHaveLength(1);
    // Only the winner set the password: the account signs in with it.
    await expect(signIn(invitation.email, PASSWORD)).resolves.toHaveProperty('id_token');
  });

  it('one account in no team accepting invitations from five teams, 50 attempts, joins exactly one', { timeout: 120_000 }, async () => {
    const teams = await Promise.all(Array.from({ length: 5 }, () => createTeam()));
    const lone = await createLoneUser();
    const invites: Awaited<ReturnType<typeof invite>>[] = [];
    for (const { admin } of teams) invites.push(await invite(admin, lone.email));

    const { won, refused } = await settle(
      Array.from({ length: OPS }, (_, i) => acceptInvitation({ token: invites[i % invites.length]!.token }, lone.id)),
    );

    expect(won).toHaveLength(1);
    for (const error of refused) {
      expect([UserInAnotherTeamError, InvitationGoneError].some((type) => error instanceof type), `${error.name}: ${error.message}`).toBe(true);
    }
    const joinedTeamId = (await getUser(lone.id))!.team_id;
    expect(joinedTeamId).toBe(won[0]!.team.id);
    for (const [i, { team, admin }] of teams.entries()) {
      const { members } = await expectTeamInvariants(team.id);
      const joined = team.id === joinedTeamId;
      expect(members.map((m) => m.id)).toEqual(joined ? [admin.id, lone.id] : [admin.id]);
      expect(await getInvitation(team.id, invites[i]!.invitation.id)).toMatchObject({ status: joined ? 'accepted' : 'pending' });
      expect((await actions(team.id)).filter((a) => a === 'invitation.accepted')).toHaveLength(joined ? 1 : 0);
    }
  });

  it('50 concurrent invitations of one address leave exactly one pending, the others replaced', { timeout: 120_000 }, async () => {
    const { team, admin } = await createTeam();
    const email = fixtureEmail('race-invite');
    const { won, refused } = await settle(
      Array.from({ length: OPS }, () => createInvitation(memberCaller(admin), { email, role: 'member' })),
    );
    for (const error of refused) expect(error, `${error.name}: ${error.message}`).toBeInstanceOf(ConcurrentChangeError);
    expect(won.length).toBeGreaterThan(0);

    const all = (await listInvitations(team.id, { limit: 100, now: now() })).items;
    expect(all).toHaveLength(won.length);
    const pending = all.filter((i) => i.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(await findPendingInvitationId(team.id, email)).toBe(pending[0]!.id);
    for (const old of all.filter((i) => i.status !== 'pending')) expect(old).toMatchObject({ status: 'revoked', replaced_by: expect.any(String) });
    const log = await actions(team.id);
    expect(log.filter((a) => a === 'invitation.created')).toHaveLength(won.length);
    expect(log.filter((a) => a === 'invitation.revoked')).toHaveLength(won.length - 1);
    // Of all the tokens emailed, only the pending invitation's still opens it.
    const tokens = (await emailsTo(email)).map(tokenIn);
    const live = await Promise.all(tokens.map((t) => previewInvitation(t).then(() => t, () => null)));
    expect(live.filter(Boolean)).toHaveLength(1);
  });
});
