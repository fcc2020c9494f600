import { AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { findUserIdByEmail } from '../../shared/db/email-claims';
import { getTeam } from '../../shared/db/teams';
import { getUser } from '../../shared/db/users';
import { signIn } from '../../shared/identity/cognito-users';
import { sweepUnverifiedAccounts } from '../../shared/use-cases/maintenance/sweep-unverified-accounts';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { auditLog } from '../support/membership-fixtures';
import { latestToken } from '../support/sent-mail';

/**
 * The sweep, run on the local stack with its own clock. The table is shared
 * with every other test file running now, so each sweep is scoped to the
 * very millisecond its account signed up in (`signedUpSince` = its
 * created_at, and a clock 7 days and 1 ms later): it can only ever reach
 * this test's accounts.
 */
const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'Str0ng!Passw0rd-42';
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const sweepAt = (createdAt: string, afterMs: number) => sweepUnverifiedAccounts({ nowMs: Date.parse(createdAt) + afterMs, signedUpSince: createdAt });
const identityExists = (email: string) =>
  cognito.send(new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID!, Username: email })).then(
    () => true,
    (error) => (error instanceof UserNotFoundException ? false : Promise.reject(error)),
  );

describe('sweeping accounts that never verified their address', () => {
  it('7 days after sign-up: the account, its claim, its team and log, and its Cognito identity are gone; the address is free', async () => {
    const email = address('squatted');
    const { user, team } = await signUp({ email, password: PASSWORD, name: 'Squatter', company: 'Co', team_name: 'Team' });

    expect((await sweepAt(user.created_at, 7 * DAY - 1000)).deleted).toEqual([]);
    expect(await getUser(user.id)).not.toBeNull();

    expect((await sweepAt(user.created_at, 7 * DAY + 1)).deleted).toEqual([user.id]);
    expect(await getUser(user.id)).toBeNull();
    expect(await findUserIdByEmail(email)).toBeNull();
    expect(await getTeam(team.id)).toBeNull();
    expect(await auditLog(team.id)).toEqual([]);
    expect(await identityExists(email)).toBe(false);

    // The owner signs up from scratch, and a second sweep finds nothing left of the first account.
    const owner = await signUp({ email, password: 'Owner!Passw0rd-0001', name: 'Owner', company: 'Co', team_name: 'Mine' });
    expect(owner.user.id).not.toBe(user.id);
    await verifyEmail(await latestToken(email, 'Hi Owner'));
    await expect(signIn(email, 'Owner!Passw0rd-0001')).resolves.toHaveProperty('access_token');
    expect((await sweepAt(user.created_at, 7 * DAY + 1)).deleted).toEqual([]);
  });

  it('leaves a verified account alone, however old', async () => {
    const email = address('verified');
    const { user, team } = await signUp({ email, password: PASSWORD, name: 'Ada', company: 'Co', team_name: 'Team' });
    await verifyEmail(await latestToken(email));
    expect((await sweepAt(user.created_at, 30 * DAY)).deleted).toEqual([]);
    expect(await getUser(user.id)).toMatchObject({ email_verified: true, team_id: team.id });
    await expect(signIn(email, PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it("a replaced account is swept by its replacement's age, not the first sign-up's", async () => {
    const email = address('replaced');
    const first = await signUp({ email, password: PASSWORD, name: 'First', company: 'Co', team_name: 'Team' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await signUp({ email, password: PASSWORD, name: 'Second', company: 'Co', team_name: 'Team' });
    expect((await sweepAt(first.user.created_at, 7 * DAY + 1)).deleted).toEqual([]);
    expect(await getUser(second.user.id)).toMatchObject({ team_id: second.team.id });
    expect((await sweepAt(second.user.created_at, 7 * DAY + 1)).deleted).toEqual([second.user.id]);
  });
});
