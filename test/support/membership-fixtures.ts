import type { APIGatewayProxyEvent } from 'aws-lambda';
import { expect } from 'vitest';
import { listAuditEvents, type AuditEventRecord } from '../../shared/db/audit-events';
import { claimEmailStep } from '../../shared/db/email-claims';
import { listAllMembers, type MemberRecord } from '../../shared/db/memberships';
import { TABLE_NAME } from '../../shared/db/table';
import { getTeam, teamToItem, type TeamRecord } from '../../shared/db/teams';
import { transact } from '../../shared/db/transact';
import { getUser, userToItem, type UserRecord } from '../../shared/db/users';
import { newId } from '../../shared/domain/ids';
import type { TeamRole } from '../../shared/domain/permissions';
import { authorizeCaller, type TeamCaller } from '../../shared/http/caller';
import type { AuditActor } from '../../shared/domain/actor';
import { principalToContext } from '../../shared/http/principal';
import type { RouteDefinition } from '../../shared/http/route';

/**
 * Teams and accounts written straight to DynamoDB Local (no Cognito), for
 * integration tests of the membership use cases, and the final-state check
 * of the membership invariants.
 */

const now = () => new Date().toISOString();
const put = (item: Record<string, unknown>) => ({ item: { Put: { TableName: TABLE_NAME, Item: item } } });

export const fixtureEmail = (tag = 'member') => `${tag}-${newId('user').slice(-14)}@example.com`;

function account(team: { id: string; role: TeamRole; joinedAt: string } | null): UserRecord {
  const at = now();
  return {
    id: newId('user'),
    email: fixtureEmail(team?.role),
    name: 'Test User',
    company: 'Co',
    job_title: null,
    phone: null,
    team_id: team?.id ?? null,
    role: team?.role ?? null,
    joined_at: team?.joinedAt ?? null,
    email_verified: true,
    created_at: at,
    updated_at: at,
  };
}

/** An account and its email claim (support finds accounts by email). */
async function putAccount(user: UserRecord): Promise<void> {
  await transact([claimEmailStep(user.email, user.id, user.created_at), put(userToItem(user))]);
}

/** An account that belongs to no team. */
export async function createLoneUser(): Promise<UserRecord> {
  const user = account(null);
  await putAccount(user);
  return user;
}

/** An active team: its admin, then one member per role given, in that joining order. */
export async function createTeam(roles: readonly Exclude<TeamRole, 'admin'>[] = []): Promise<{
  team: TeamRecord;
  admin: MemberRecord;
  members: MemberRecord[];
}> {
  const teamId = newId('team');
  const start = Date.now();
  // One millisecond apart, so the joining order is the order given.
  const join = (role: TeamRole, index: number) =>
    account({ id: teamId, role, joinedAt: new Date(start + index).toISOString() }) as MemberRecord;
  const admin = join('admin', 0);
  const members = roles.map((role, i) => join(role, i + 1));
  const at = now();
  const team: TeamRecord = {
    id: teamId,
    name: 'Fixture team',
    callback_url: null,
    admin_user_id: admin.id,
    member_count: 1 + members.length,
    status: 'active',
    plan: 'on_demand',
    created_at: at,
    updated_at: at,
  };
  await transact([put(teamToItem(team))]);
  await Promise.all([admin, ...members].map(putAccount));
  return { team, admin, members };
}

/** A member acting, as they were when created (see `authorizedCaller` for a fresh read). */
export const memberCaller = (member: MemberRecord): TeamCaller => ({
  kind: 'team',
  principal: { type: 'user', userId: member.id },
  user: member,
  teamId: member.team_id,
  role: member.role,
  member: { id: member.id, name: member.name },
  audit: { type: 'user', id: member.id },
});

/**
 * The caller exactly as the http layer makes it for a request to `route`:
 * the user's current membership, read afresh and checked against the route.
 */
export async function authorizedCaller(route: RouteDefinition, userId: string): Promise<TeamCaller> {
  const event = { requestContext: { authorizer: principalToContext({ type: 'user', userId }) } } as unknown as APIGatewayProxyEvent;
  const caller = await authorizeCaller(route, event);
  if (caller?.kind !== 'team') throw new Error(`${route.operationId} is not a team route`);
  return caller;
}

/** What support's actions record as their actor. */
export const supportCaller = (id = 'support-test'): AuditActor => ({ type: 'support', id });

/** A team's whole audit log, newest first. */
export async function auditLog(teamId: string): Promise<AuditEventRecord[]> {
  const events: AuditEventRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listAuditEvents(teamId, 100, nextToken);
    events.push(...page.items);
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
  return events;
}

/**
 * The membership invariants, checked on the stored state: the members the
 * index lists are distinct and are exactly the users whose item says they
 * are in the team; `member_count` is their number; an active team has
 * exactly one admin and `admin_user_id` names them; a closed team has none.
 * Returns what it read, for further assertions.
 */
export async function expectTeamInvariants(teamId: string): Promise<{ team: TeamRecord; members: MemberRecord[] }> {
  const [team, members] = await Promise.all([getTeam(teamId), listAllMembers(teamId)]);
  expect(team, `team ${teamId}`).not.toBeNull();
  const ids = members.map((m) => m.id);
  expect(new Set(ids).size, 'no duplicate member').toBe(ids.length);
  expect(team!.member_count, 'member_count equals the members listed').toBe(members.length);
  const stored = await Promise.all(ids.map(getUser));
  for (const user of stored) expect(user, 'the index agrees with the user item').toMatchObject({ team_id: teamId });
  const admins = stored.filter((u) => u!.role === 'admin').map((u) => u!.id);
  if (team!.status === 'active') expect(admins, 'exactly one admin, the one the team names').toEqual([team!.admin_user_id]);
  else expect(members, 'a closed team has no members').toEqual([]);
  return { team: team!, members };
}
