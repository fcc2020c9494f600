import { describe, expect, it } from 'vitest';
import { changeRoleStep, closeSoleMemberTeamStep, isMemberOf, joinTeamStep, leaveTeamStep, moveSoleAdminStep, transferAdminSteps } from '../../shared/db/memberships';
import {
  AdminManagedBySupportError,
  ConcurrentChangeError,
  NotFoundError,
  UserInAnotherTeamError,
} from '../../shared/errors';
import type { TransactStep } from '../../shared/db/transact';
import type { UserRecord } from '../../shared/db/users';

/**
 * How each membership step explains its failed condition, from the item as
 * it was (ALL_OLD): the error the client sees depends on it alone.
 */
const AT = '2025-01-01T00:00:00.000Z';
const refusal = (step: TransactStep, current?: Record<string, unknown>) => step.onConditionFailed!(current);
const inTeam = (team: string, role: string) => ({ PK: 'USER#u', team_id: team, role });

describe('membership steps explain their refusals', () => {
  it('leave: 404 outside the team, 403 for its admin', () => {
    const step = leaveTeamStep('u', 't', AT);
    expect(refusal(step, undefined)).toBeInstanceOf(NotFoundError);
    expect(refusal(step, { PK: 'USER#u' })).toBeInstanceOf(NotFoundError);
    expect(refusal(step, inTeam('other', 'member'))).toBeInstanceOf(NotFoundError);
    expect(refusal(step, inTeam('other', 'admin'))).toBeInstanceOf(NotFoundError);
    expect(refusal(step, inTeam('t', 'admin'))).toBeInstanceOf(AdminManagedBySupportError);
  });

  it('role change: 404 outside the team, 403 for its admin, 409 when the role moved meanwhile', () => {
    const step = changeRoleStep('u', 't', { from: 'member', to: 'manager' }, AT);
    expect(step.item.Update!.ConditionExpression).toBe('team_id = :team AND #role = :from');
    expect(refusal(step, inTeam('other', 'member'))).toBeInstanceOf(NotFoundError);
    expect(refusal(step, inTeam('t', 'admin'))).toBeInstanceOf(AdminManagedBySupportError);
    expect(refusal(step, inTeam('t', 'manager'))).toBeInstanceOf(ConcurrentChangeError);
  });

  it('join: 404 for no account, 409 user_in_another_team for one already in a team', () => {
    const step = joinTeamStep('u', 't', 'member', AT);
    expect(refusal(step, undefined)).toBeInstanceOf(NotFoundError);
    expect(refusal(step, inTeam('other', 'member'))).toBeInstanceOf(UserInAnotherTeamError);
  });

  it('admin transfer: 404 for an unknown team or a non-member, 409 conflict when the admin changed meanwhile', () => {
    const [team, newAdmin, oldAdmin] = transferAdminSteps('t', 'old', 'new', AT);
    expect(refusal(team!, undefined)).toBeInstanceOf(NotFoundError);
    expect(refusal(team!, { status: 'active', admin_user_id: 'someone' })).toBeInstanceOf(ConcurrentChangeError);
    // Closed meanwhile: the use case reads the team again and answers team_closed.
    expect(refusal(team!, { status: 'closed', admin_user_id: 'old' })).toBeInstanceOf(ConcurrentChangeError);
    expect(refusal(newAdmin!, inTeam('other', 'member'))).toBeInstanceOf(NotFoundError);
    expect(refusal(newAdmin!, undefined)).toBeInstanceOf(NotFoundError);
    expect(refusal(newAdmin!, inTeam('t', 'admin'))).toBeInstanceOf(ConcurrentChangeError);
    expect(refusal(oldAdmin!, inTeam('t', 'manager'))).toBeInstanceOf(ConcurrentChangeError);
  });

  it('admin transfer: the three writes are conditioned on the admin they replace', () => {
    const [team, newAdmin, oldAdmin] = transferAdminSteps('t', 'old', 'new', AT).map((s) => s.item.Update!);
    expect(team).toMatchObject({ Key: { PK: 'TEAM#t', SK: 'TEAM' }, ConditionExpression: 'admin_user_id = :from AND #status = :active' });
    expect(team!.ExpressionAttributeValues).toMatchObject({ ':from': 'old', ':to': 'new' });
    expect(newAdmin).toMatchObject({ Key: { PK: 'USER#new', SK: 'USER' }, ConditionExpression: 'team_id = :team AND #role <> :admin' });
    expect(oldAdmin).toMatchObject({ Key: { PK: 'USER#old', SK: 'USER' }, ConditionExpression: 'team_id = :team AND #role = :admin' });
    expect(oldAdmin!.ExpressionAttributeValues).toMatchObject({ ':manager': 'manager' });
  });

  it('attach move: 409 user_in_another_team unless the account is alone in its team, and moves it in one update', () => {
    const move = moveSoleAdminStep('u', 'old', 'new', 'manager', AT);
    expect(refusal(move, undefined)).toBeInstanceOf(NotFoundError);
    expect(refusal(move, inTeam('old', 'member'))).toBeInstanceOf(UserInAnotherTeamError);
    expect(refusal(move, inTeam('elsewhere', 'admin'))).toBeInstanceOf(UserInAnotherTeamError);
    expect(refusal(move, { PK: 'USER#u' })).toBeInstanceOf(ConcurrentChangeError);
    expect(move.item.Update!.ExpressionAttributeValues).toMatchObject({
      ':from': 'old',
      ':team': 'new',
      ':role': 'manager',
      ':gpk': 'TEAM#new',
      ':gsk': `MEMBER#${AT}#u`,
    });
    const close = closeSoleMemberTeamStep('old', 'u', AT);
    expect(close.item.Update!.ConditionExpression).toBe('member_count = :one AND #status = :active AND admin_user_id = :user');
    expect(refusal(close, { member_count: 2 })).toBeInstanceOf(UserInAnotherTeamError);
  });
});

describe('isMemberOf', () => {
  const user = (over: Partial<UserRecord>): UserRecord => ({
    id: 'u',
    email: 'u@example.com',
    name: 'U',
    company: 'C',
    job_title: null,
    phone: null,
    team_id: 't',
    role: 'member',
    joined_at: AT,
    email_verified: true,
    created_at: AT,
    updated_at: AT,
    ...over,
  });
  it('holds only for a user whose membership in that team is complete', () => {
    expect(isMemberOf(user({}), 't')).toBe(true);
    expect(isMemberOf(user({}), 'other')).toBe(false);
    expect(isMemberOf(user({ team_id: null, role: null, joined_at: null }), 't')).toBe(false);
    expect(isMemberOf(null, 't')).toBe(false);
  });
});
