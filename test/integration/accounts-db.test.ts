import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../shared/clients/dynamodb';
import { auditStep } from '../../shared/db/audit-events';
import { claimEmailStep, findUserIdByEmail } from '../../shared/db/email-claims';
import { keys, TABLE_NAME } from '../../shared/db/table';
import { getTeam, teamToItem } from '../../shared/db/teams';
import { transact } from '../../shared/db/transact';
import { getUser, userToItem, type UserRecord } from '../../shared/db/users';
import { consumeVerificationStep, getVerification, putVerificationStep } from '../../shared/db/verification-tokens';
import { newId } from '../../shared/domain/ids';
import { hashToken, newSecretToken } from '../../shared/domain/tokens';
import { EmailTakenError, GoneError } from '../../shared/errors';

const now = () => new Date().toISOString();
const email = () => `db-${newId('user').slice(-12)}@example.com`;

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  const at = now();
  return {
    id: newId('user'),
    email: email(),
    name: 'N',
    company: 'C',
    job_title: null,
    phone: null,
    team_id: null,
    role: null,
    joined_at: null,
    email_verified: false,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

const auditOf = async (teamId: string) =>
  (
    await dynamo.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': keys.team(teamId).PK, ':audit': keys.auditPrefix() },
        ScanIndexForward: false,
      }),
    )
  ).Items ?? [];

describe('entity modules against DynamoDB Local', () => {
  it('round-trips users and teams through toItem/fromItem', async () => {
    const teamId = newId('team');
    const u = user({ team_id: teamId, role: 'admin', joined_at: now(), job_title: 'CTO' });
    const t = { id: teamId, name: 'T', callback_url: null, admin_user_id: u.id, member_count: 1, status: 'active' as const, plan: 'on_demand' as const, created_at: now(), updated_at: now() };
    await transact([
      { item: { Put: { TableName: TABLE_NAME, Item: userToItem(u) } } },
      { item: { Put: { TableName: TABLE_NAME, Item: teamToItem(t) } } },
    ]);
    expect(await getUser(u.id)).toEqual(u);
    expect(await getTeam(teamId)).toEqual(t);
    // Members are listed through GSI1 under the team.
    const raw = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.user(u.id) }));
    expect(raw.Item).toMatchObject(keys.teamMember(teamId, u.joined_at!, u.id));
  });

  it('claims an email once: the second claim fails with email_taken and its whole transaction writes nothing', async () => {
    const address = email();
    const first = user({ email: address });
    await transact([claimEmailStep(address, first.id, now()), { item: { Put: { TableName: TABLE_NAME, Item: userToItem(first) } } }]);
    const second = user({ email: address });
    await expect(
      transact([claimEmailStep(address, second.id, now()), { item: { Put: { TableName: TABLE_NAME, Item: userToItem(second) } } }]),
    ).rejects.toBeInstanceOf(EmailTakenError);
    expect(await findUserIdByEmail(address)).toBe(first.id);
    expect(await getUser(second.id)).toBeNull();
  });

  it('lets exactly one of many concurrent claims of one address win', async () => {
    const address = email();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => transact([claimEmailStep(address, newId('user'), now())])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(49);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(EmailTakenError);
  });

  it('consumes a verification token once, and never after expiry', async () => {
    const token = newSecretToken();
    const hash = hashToken(token);
    const userId = newId('user');
    await transact([putVerificationStep({ token_hash: hash, user_id: userId, expires_at: new Date(Date.now() + 60_000).toISOString() })]);
    const stored = await getVerification(hash);
    expect(stored).toMatchObject({ user_id: userId, used_at: null });

    const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => transact([consumeVerificationStep(hash, now())])));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    expect((await getVerification(hash))?.used_at).toBeTruthy();

    const expired = hashToken(newSecretToken());
    await transact([putVerificationStep({ token_hash: expired, user_id: userId, expires_at: new Date(Date.now() - 1000).toISOString() })]);
    await expect(transact([consumeVerificationStep(expired, now())])).rejects.toBeInstanceOf(GoneError);
    // An unknown token cannot be "consumed" into existence either.
    await expect(transact([consumeVerificationStep(hashToken('unknown'), now())])).rejects.toBeInstanceOf(GoneError);
  });

  it('stores only the token hash, with a TTL past its expiry', async () => {
    const token = newSecretToken();
    const hash = hashToken(token);
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    await transact([putVerificationStep({ token_hash: hash, user_id: 'user_x', expires_at: expiresAt })]);
    const { Item } = await dynamo.send(new GetCommand({ TableName: TABLE_NAME, Key: keys.verification(hash) }));
    expect(JSON.stringify(Item)).not.toContain(token);
    expect(Item!.expires_at_epoch).toBeGreaterThan(Date.parse(expiresAt) / 1000);
  });

  it('writes the audit event in the same transaction as the change, newest first', async () => {
    const teamId = newId('team');
    const t = { id: teamId, name: 'A', callback_url: null, admin_user_id: 'user_a', member_count: 1, status: 'active' as const, created_at: now(), updated_at: now() };
    const actor = { type: 'user' as const, id: 'user_a' };
    await transact([
      { item: { Put: { TableName: TABLE_NAME, Item: teamToItem(t) } } },
      auditStep({ teamId, at: now(), actor, action: 'team.created', target: { type: 'team', id: teamId } }),
    ]);
    // A change whose condition fails leaves no audit event behind.
    await expect(
      transact([
        { item: { Put: { TableName: TABLE_NAME, Item: teamToItem(t), ConditionExpression: 'attribute_not_exists(PK)' } } },
        auditStep({ teamId, at: now(), actor, action: 'team.updated', target: { type: 'team', id: teamId } }),
      ]),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 5));
    await transact([auditStep({ teamId, at: now(), actor, action: 'team.updated', target: { type: 'team', id: teamId } })]);
    const events = await auditOf(teamId);
    expect(events.map((e) => e.action)).toEqual(['team.updated', 'team.created']);
    expect(events[0]).toMatchObject({ actor, target: { type: 'team', id: teamId } });
    expect(events[0]!.id).toMatch(/^evt_/);
  });
});
