import * as z from 'zod';
import { EmailInput, listOf, Text, Timestamp } from './common';
import { PLANS } from '../domain/billing';
import { Team, User } from './accounts';
import { AssignableRole, Member } from './team';

/** Every support action says why: the reason goes into the audit log. */
const Reason = Text(500).meta({ description: 'Why support staff are doing this (recorded in the audit log)' });

export const SupportUserQuery = z.strictObject({ email: EmailInput });
export const SupportUserList = listOf(User, 'SupportUserList');

export const TeamIdParams = z.strictObject({ team_id: z.string().min(1).max(100) });

export const SupportTeam = Team.extend({
  status: z.enum(['active', 'closed']),
  plan: z.enum(PLANS).meta({ description: 'Billing plan: enterprise teams get their invoices by email' }),
  closed_at: Timestamp.nullable().meta({ description: 'When support closed the team (its only member moved to another team)' }),
  member_count: z.number().int(),
  members: z.array(Member),
}).meta({ id: 'SupportTeam' });

/** A support change's answer: the team as it now is, and the user the change was about. */
export const SupportTeamChange = SupportTeam.extend({
  user: User,
}).meta({ id: 'SupportTeamChange' });

export const TransferAdminBody = z
  .strictObject({ user_id: z.string().min(1).max(100), reason: Reason })
  .meta({ id: 'TransferAdminRequest' });

export const AttachMemberBody = z
  .strictObject({ email: EmailInput, role: AssignableRole, reason: Reason })
  .meta({ id: 'AttachMemberRequest' });

export const ChangePlanBody = z.strictObject({ plan: z.enum(PLANS), reason: Reason }).meta({ id: 'ChangePlanRequest' });

export const ClosePeriodBody = z
  .strictObject({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM').meta({ example: '2026-11' }) })
  .meta({ id: 'ClosePeriodRequest' });

export const ClosePeriodResult = z
  .object({ period: z.string(), invoices_issued: z.number().int().min(0) })
  .meta({ id: 'ClosePeriodResult' });
