import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, InvalidPasswordException } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { keys, TABLE_NAME } from '../../shared/db/table';
import { getUser } from '../../shared/db/users';
import { userIdFromSub } from '../../shared/domain/ids';
import { EmailTakenError, GoneError, RateLimitedError, ValidationError } from '../../shared/errors';
import { findUserIdByEmail } from '../../shared/db/email-claims';
import { signIn } from '../../shared/identity/cognito-users';
import { signUp } from '../../shared/use-cases/accounts/sign-up';
import { verifyEmail } from '../../shared/use-cases/accounts/verify-email';
import { latestToken } from '../support/sent-mail';

const PASSWORD = 'Str0ng!Passw0rd-42';
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const input = (email: string) => ({ email, password: PASSWORD, name: 'Lin', company: 'Co', team_name: 'Team' });
const cognitoUser = (email: string) =>
  cognito.send(new AdminGetUserCommand({ UserPoolId: process.env.USER_POOL_ID!, Username: email }));

describe('sign-up use case with Cognito (moto) and DynamoDB Local', () => {
  afterEach(() => vi.restoreAllMocks());

  it('undoes the database part when Cognito refuses the password, leaving the address free', async () => {
    const email = address('refused');
    const realSend = cognito.send.bind(cognito);
    const spy = vi.spyOn(cognito, 'send').mockImplementation(((command: unknown) =>
      command instanceof AdminSetUserPasswordCommand
        ? Promise.reject(new InvalidPasswordException({ message: 'Password does not conform to policy', $metadata: {} }))
        : realSend(command as never)) as never);
    await expect(signUp(input(email))).rejects.toBeInstanceOf(ValidationError);
    expect(await findUserIdByEmail(email)).toBeNull();
    spy.mockRestore();
    const { user } = await signUp(input(email));
    expect(await findUserIdByEmail(email)).toBe(user.id);
  });

  it('creates a disabled identity, the user, team, token and audit event', async () => {
    const email = address('new');
    const { user, team, emailStatus } = await signUp(input(email));
    expect(emailStatus).toBe('sent');
    const identity = await cognitoUser(email);
    expect(identity.Enabled).toBe(false);
    expect(user.id).toBe(userIdFromSub(identity.UserAttributes!.find((a) => a.Name === 'sub')!.Value!));
    expect(await getUser(user.id)).toMatchObject({ team_id: team.id, role: 'admin', email_verified: false });
    const audit = await dynamo.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)',
        ExpressionAttributeValues: { ':pk': keys.team(team.id).PK, ':a': keys.auditPrefix() },
      }),
    );
    expect(audit.Items?.map((i) => i.action)).toEqual(['team.created']);
    await expect(signIn(email, PASSWORD)).rejects.toMatchObject({ status: 401 });
  });

  it('adopts an identity a half-finished earlier attempt left behind, so a retry is never blocked', async () => {
    const email = address('orphan');
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: process.env.USER_POOL_ID!, Username: email, MessageAction: 'SUPPRESS' }));
    const { user } = await signUp(input(email));
    const identity = await cognitoUser(email);
    expect(user.id).toBe(userIdFromSub(identity.UserAttributes!.find((a) => a.Name === 'sub')!.Value!));
    await verifyEmail(await latestToken(email));
    await expect(signUp(input(email))).rejects.toBeInstanceOf(EmailTakenError);
  });

  it('concurrent sign-ups of one address: only the last committed one verifies, and with its own password', async () => {
    const email = address('race');
    const passwords = ['First!Passw0rd-1', 'Second!Passw0rd-22', 'Third!Passw0rd-333'];
    const attempts = await Promise.allSettled(passwords.map((password, i) => signUp({ ...input(email), name: `Signer ${i}`, password })));
    // A sign-up that finds another one mid-flight (its lease) is told to retry: 429, nothing written.
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason, (a.reason as Error).stack).toBeInstanceOf(RateLimitedError);
    const won = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [i] : []));
    expect(won.length).toBeGreaterThan(0);
    const stored = await getUser((await findUserIdByEmail(email))!);
    const last = won.find((i) => (attempts[i] as PromiseFulfilledResult<Awaited<ReturnType<typeof signUp>>>).value.team.id === stored!.team_id)!;
    for (const i of won.filter((i) => i !== last)) await expect(verifyEmail(await latestToken(email, `Signer ${i}`))).rejects.toBeInstanceOf(GoneError);
    await verifyEmail(await latestToken(email, `Signer ${last}`));
    await expect(signIn(email, passwords[last]!)).resolves.toHaveProperty('access_token');
    for (const i of won.filter((i) => i !== last)) await expect(signIn(email, passwords[i]!)).rejects.toMatchObject({ status: 401 });
  });

  it('verifies once: the second use of the token is gone', async () => {
    const email = address('verify');
    await signUp(input(email));
    const token = await latestToken(email);
    const verified = await verifyEmail(token);
    expect(verified.email_verified).toBe(true);
    expect((await cognitoUser(email)).Enabled).toBe(true);
    await expect(verifyEmail(token)).rejects.toBeInstanceOf(GoneError);
    await expect(signIn(email, PASSWORD)).resolves.toHaveProperty('id_token');
  });
});
