import * as z from 'zod/mini';
import { EmailInput, listOf, Text, Timestamp } from './common';
import { PLANS } from '../domain/billing';
import { Team, User } from './accounts';
import { AssignableRole, Member } from './team';

/** Every support action says why: the reason goes into the audit log. */
const Reason = Text(500).register(z.globalRegistry, { description: 'Why support staff are doing this (recorded in the audit log)' });

export const SupportUserQuery = z.strictObject({ email: EmailInput });
export const SupportUserList = listOf(User, 'SupportUserList');

export const TeamIdParams = z.strictObject({ team_id: z.string().check(z.minLength(1), z.maxLength(100)) });

export const SupportTeam = z.extend(Team, {
  status: z.enum(['active', 'closed']),
  plan: z.enum(PLANS).register(z.globalRegistry, { description: 'Billing plan: enterprise teams get their invoices by email' }),
  closed_at: z.nullable(Timestamp).register(z.globalRegistry, { description: 'When support closed the team (its only member moved to another team)' }),
  member_count: z.int(),
  members: z.array(Member),
}).register(z.globalRegistry, { id: 'SupportTeam' });

/** A support change's answer: the team as it now is, and the user the change was about. */
export const SupportTeamChange = z.extend(SupportTeam, {
  user: User,
}).register(z.globalRegistry, { id: 'SupportTeamChange' });

export const TransferAdminBody = z
  .strictObject({ user_id: z.string().check(z.minLength(1), z.maxLength(100)), reason: Reason }).register(z.globalRegistry, { id: 'TransferAdminRequest' });

export const AttachMemberBody = z
  .strictObject({ email: EmailInput, role: AssignableRole, reason: Reason }).register(z.globalRegistry, { id: 'AttachMemberRequest' });

export const ChangePlanBody = z.strictObject({ plan: z.enum(PLANS), reason: Reason }).register(z.globalRegistry, { id: 'ChangePlanRequest' });

export const ClosePeriodBody = z
  .strictObject({ period: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM')).register(z.globalRegistry, { example: '2026-11' }) }).register(z.globalRegistry, { id: 'ClosePeriodRequest' });

export const ClosePeriodResult = z
  .object({ period: z.string(), invoices_issued: z.int().check(z.gte(0)) }).register(z.globalRegistry, { id: 'ClosePeriodResult' });
