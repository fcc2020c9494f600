import * as z from 'zod/mini';
import { TEAM_ROLES } from '../domain/permissions';
import { EmailInput, listOf, ListQuery, Name, PasswordInput, PhoneInput, Text, Timestamp } from './common';
import { Team, User } from './accounts';

/** Roles a customer may give: the admin role is managed by support only. */
export const AssignableRole = z.enum(['member', 'manager']);

export const UserIdParams = z.strictObject({ user_id: z.string().check(z.minLength(1), z.maxLength(100)) });

export const Member = z
  .object({
    user_id: z.string(),
    email: z.string(),
    name: z.string(),
    company: z.string(),
    role: z.enum(TEAM_ROLES),
    joined_at: Timestamp,
  }).register(z.globalRegistry, { id: 'Member' });
export const MemberList = listOf(Member, 'MemberList');

/**
 * `role` accepts `admin` on purpose: asking for it must be answered 403
 * `admin_managed_by_support` (by the use case), not a generic 400.
 */
export const PatchMemberBody = z.strictObject({ role: z.enum(TEAM_ROLES) }).register(z.globalRegistry, { id: 'PatchMemberRequest' });

export const AuditEvent = z
  .object({
    id: z.string(),
    at: Timestamp,
    actor: z.object({ type: z.enum(['user', 'api_key', 'support', 'system']), id: z.string() }),
    action: z.string().register(z.globalRegistry, { example: 'member.role_changed' }),
    target: z.object({ type: z.string(), id: z.string() }),
    details: z.record(z.string(), z.unknown()),
  }).register(z.globalRegistry, { id: 'AuditEvent' });
export const AuditLog = listOf(AuditEvent, 'AuditLog');

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

export const Invitation = z
  .object({
    id: z.string(),
    email: z.string(),
    role: AssignableRole,
    status: z.enum(INVITATION_STATUSES).register(z.globalRegistry, { description: '`expired` is a pending invitation past `expires_at`; a resend revives it' }),
    invited_by: z.string().register(z.globalRegistry, { description: 'User id of the inviter' }),
    created_at: Timestamp,
    expires_at: Timestamp,
    accepted_at: z.nullable(Timestamp),
    revoked_at: z.nullable(Timestamp),
    email_status: z.enum(['sent', 'failed']).register(z.globalRegistry, { description: 'Whether SES took the latest invitation email; resend when `failed`' }),
  }).register(z.globalRegistry, { id: 'Invitation' });
export const InvitationList = listOf(Invitation, 'InvitationList');

export const CreateInvitationBody = z
  .strictObject({ email: EmailInput, role: AssignableRole }).register(z.globalRegistry, { id: 'CreateInvitationRequest' });

export const InvitationListQuery = z.extend(ListQuery, { status: z.optional(z.enum(INVITATION_STATUSES)) });
export const InvitationIdParams = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(100)) });
// Any string is a token to look up: a mistyped link is an unknown token (404), not bad input.
export const InvitationTokenParams = z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(4096)) });

export const InvitationPreview = z
  .object({
    team_name: z.string(),
    email: z.string(),
    role: AssignableRole,
    invited_by_name: z.string(),
    expires_at: Timestamp,
  }).register(z.globalRegistry, { id: 'InvitationPreview' });

/**
 * A new account sends `password` and its profile; an existing account with
 * no team sends its Bearer token instead (profile fields then optional).
 */
export const AcceptInvitationBody = z
  .strictObject({
    token: z.string().check(z.minLength(16), z.maxLength(512)),
    password: z.optional(PasswordInput),
    name: z.optional(Name()),
    company: z.optional(Name()),
    job_title: z.optional(Text(200)),
    phone: z.optional(PhoneInput),
  }).register(z.globalRegistry, {
    id: 'AcceptInvitationRequest',
    description:
      'A new account sends password, name and company. An existing account with no team sends its user token as `Authorization: Bearer` instead, and no password.',
  });

export const AcceptedInvitation = z.object({ user: User, team: Team }).register(z.globalRegistry, { id: 'AcceptedInvitation' });
