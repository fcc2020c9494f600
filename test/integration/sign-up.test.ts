import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, InvalidPasswordException } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { keys, TABLE_NAME } from '../../shared/db/table';
import { getUser } from '../../shared/db/users';
import { userIdFromSub } from '../../shared/domain/ids';
import { EmailTakenError, GoneError, ValidationError } from '../../shared/errors';
import { findUserIdByEmail } from '../../shared/db/email-claims';
import { signIn } from '../../shared/identity/cognito-users';
import { signUp } from '../../shared/use-cases/sign-up';
import { verifyEmail } from '../../shared/use-cases/verify-email';

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
    await expect(signUp(input(email))).rejects.toBeInstanceOf(EmailTakenError);
  });

  it('does not let a losing concurrent signup change the winner\'s password', async () => {
    const email = address('race');
    const attempts = await Promise.allSettled(
      ['Winner!Passw0rd-1', 'Loser!Passw0rd-22', 'Loser!Passw0rd-333'].map((password) => signUp({ ...input(email), password })),
    );
    const won = attempts.findIndex((a) => a.status === 'fulfilled');
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const winner = (attempts[won] as PromiseFulfilledResult<Awaited<ReturnType<typeof signUp>>>).value;
    const token = await latestToken(email);
    await verifyEmail(token);
    const winningPassword = ['Winner!Passw0rd-1', 'Loser!Passw0rd-22', 'Loser!Passw0rd-333'][won]!;
    await expect(signIn(email, winningPassword)).resolves.toHaveProperty('access_token');
    expect((await getUser(winner.user.id))?.email_verified).toBe(true);
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

/** The verification token from moto's SES store (the email is the only place it exists in clear). */
async function latestToken(email: string): Promise<string> {
  const data = (await (await fetch(`${process.env.AWS_ENDPOINT_URL}/moto-api/data.json`)).json()) as {
    ses: { Message: { destinations: { ToAddresses: string[] }; body: string }[] };
  };
  const mail = data.ses.Message.filter((m) => m.destinations.ToAddresses.includes(email)).at(-1);
  return /token=([A-Za-z0-9_-]+)/.exec(mail!.body)![1]!;
}
