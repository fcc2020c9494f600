import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { findUserIdByEmail } from '../../shared/db/email-claims';
import { getTeam } from '../../shared/db/teams';
import { getUser } from '../../shared/db/users';
import { EmailNotVerifiedError, EmailTakenError, GoneError } from '../../shared/errors';
import { signIn } from '../../shared/identity/cognito-users';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { acceptInvitation } from '../../shared/use-cases/invitations/accept-invitation';
import { createInvitation } from '../../shared/use-cases/invitations/create-invitation';
import { attachMember } from '../../shared/use-cases/support/attach-member';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { auditLog, createTeam, expectTeamInvariants, memberCaller, supportCaller } from '../support/membership-fixtures';
import { latestToken } from '../support/sent-mail';

/**
 * Address squatting, as an attacker does it: sign up with someone else's
 * address and a password of your choosing, then wait for the owner. Against
 * DynamoDB Local and moto through the real use cases.
 */
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const SQUATTER_PASSWORD = 'Squatter!Passw0rd-1';
const OWNER_PASSWORD = 'Owner!Passw0rd-0001';
const signup = (email: string, who: 'Squatter' | 'Owner', password: string) =>
  signUp({ email, password, name: who, company: `${who} Co`, team_name: `${who} team` });

describe('squatting an address that is not yours', () => {
  it("the owner's sign-up replaces the squatter's unverified account; verifying it refuses the squatter's password", async () => {
    const email = address('victim');
    const squat = await signup(email, 'Squatter', SQUATTER_PASSWORD);
    const owner = await signup(email, 'Owner', OWNER_PASSWORD);

    // The same Cognito identity (so the same user id), but a new team; the squatter's team is gone with its log.
    expect(owner.user.id).toBe(squat.user.id);
    expect(owner.team.id).not.toBe(squat.team.id);
    expect(await getTeam(squat.team.id)).toBeNull();
    expect(await auditLog(squat.team.id)).toEqual([]);

    // The squatter's link died with their sign-up, though never used, and does not enable the identity.
    await expect(verifyEmail(await latestToken(email, 'Hi Squatter'))).rejects.toBeInstanceOf(GoneError);
    const identity = await cognito.send(new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID!, Username: email }));
    expect(identity.Enabled).toBe(false);

    await verifyEmail(await latestToken(email, 'Hi Owner'));
    await expect(signIn(email, SQUATTER_PASSWORD)).rejects.toMatchObject({ status: 401 });
    await expect(signIn(email, OWNER_PASSWORD)).resolves.toHaveProperty('access_token');
    expect(await getUser(owner.user.id)).toMatchObject({ team_id: owner.team.id, name: 'Owner', email_verified: true });

    // Once verified, the address is taken for good.
    await expect(signup(email, 'Squatter', SQUATTER_PASSWORD)).rejects.toBeInstanceOf(EmailTakenError);
    await expect(signIn(email, OWNER_PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it('a squatter signing up again only replaces their own account: the last sign-up is the only one that verifies', async () => {
    const email = address('again');
    await signup(email, 'Squatter', SQUATTER_PASSWORD);
    const first = await latestToken(email, 'Hi Squatter');
    await signup(email, 'Owner', OWNER_PASSWORD);
    await signup(email, 'Squatter', SQUATTER_PASSWORD);
    // The owner's link is dead too: it would verify an account holding the squatter's password.
    await expect(verifyEmail(await latestToken(email, 'Hi Owner'))).rejects.toBeInstanceOf(GoneError);
    await expect(verifyEmail(first)).rejects.toBeInstanceOf(GoneError);
    expect(await findUserIdByEmail(email)).not.toBeNull();
  });

  it("the owner accepting an invitation replaces the squatter's unverified account instead of being told it is in another team", async () => {
    const email = address('invitee');
    const squat = await signup(email, 'Squatter', SQUATTER_PASSWORD);
    const { team, admin } = await createTeam();
    await createInvitation(memberCaller(admin), { email, role: 'member' });
    const token = await latestToken(email, 'accept-invitation');

    const { user, team: joined } = await acceptInvitation({ token, password: OWNER_PASSWORD, name: 'Owner', company: 'Owner Co' }, null);
    expect(joined.id).toBe(team.id);
    expect(await getUser(user.id)).toMatchObject({ team_id: team.id, role: 'member', email_verified: true, name: 'Owner' });
    expect(await findUserIdByEmail(email)).toBe(user.id);
    expect(await getTeam(squat.team.id)).toBeNull();
    await expect(verifyEmail(await latestToken(email, 'Hi Squatter'))).rejects.toBeInstanceOf(GoneError);
    await expect(signIn(email, SQUATTER_PASSWORD)).rejects.toMatchObject({ status: 401 });
    await expect(signIn(email, OWNER_PASSWORD)).resolves.toHaveProperty('access_token');
    await expectTeamInvariants(team.id);
  });

  it('support refuses to attach an account whose address was never verified: 409 email_not_verified, nothing written', async () => {
    const email = address('unverified');
    const squat = await signup(email, 'Squatter', SQUATTER_PASSWORD);
    const target = await createTeam();
    await expect(attachMember(supportCaller(), target.team.id, { email, role: 'member', reason: 'ticket 7' })).rejects.toBeInstanceOf(
      EmailNotVerifiedError,
    );
    expect(await getUser(squat.user.id)).toMatchObject({ team_id: squat.team.id, role: 'admin' });
    expect(await getTeam(target.team.id)).toMatchObject({ member_count: 1 });
    expect(await auditLog(target.team.id)).toEqual([]);
  });
});
