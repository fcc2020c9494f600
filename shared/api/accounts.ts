import * as z from 'zod/mini';
import { TEAM_ROLES } from '../domain/permissions';
import { EmailInput, Name, PasswordInput, PhoneInput, TeamName, Text, Timestamp } from './common';

export const User = z
  .object({
    id: z.string().register(z.globalRegistry, { example: 'user_5f0c3e2a9b7d4c1e8f6a2b3c4d5e6f70' }),
    email: z.string(),
    name: z.string(),
    company: z.string(),
    job_title: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    team_id: z.nullable(z.string()),
    role: z.nullable(z.enum(TEAM_ROLES)),
    email_verified: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  }).register(z.globalRegistry, { id: 'User' });

export const Team = z
  .object({
    id: z.string().register(z.globalRegistry, { example: 'team_01jcz3k4m5n6p7q8r9s0t1v2w3' }),
    name: z.string(),
    callback_url: z.nullable(z.string()),
    admin_user_id: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  }).register(z.globalRegistry, { id: 'Team' });

export const SignupBody = z
  .strictObject({
    email: EmailInput,
    password: PasswordInput,
    name: Name(),
    company: Name(),
    team_name: TeamName(),
  }).register(z.globalRegistry, { id: 'SignupRequest' });

export const UserAndTeam = z.object({ user: User, team: z.nullable(Team) }).register(z.globalRegistry, { id: 'UserAndTeam' });
export const SignupResponse = z
  .object({
    user: User,
    team: Team,
    email_status: z.enum(['sent', 'failed']).register(z.globalRegistry, { description: 'Whether the verification email went out' }),
  }).register(z.globalRegistry, { id: 'SignupResponse' });

export const UserOnly = z.object({ user: User }).register(z.globalRegistry, { id: 'UserResponse' });

export const VerifyBody = z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(512)) }).register(z.globalRegistry, { id: 'VerifyRequest' });

export const ResendVerificationBody = z.strictObject({ email: EmailInput }).register(z.globalRegistry, { id: 'ResendVerificationRequest' });
export const Accepted = z.object({ message: z.string() }).register(z.globalRegistry, { id: 'Accepted' });

export const PasswordResetBody = z.strictObject({ email: EmailInput }).register(z.globalRegistry, { id: 'PasswordResetRequest' });
export const PasswordResetConfirmBody = z
  .strictObject({ token: z.string().check(z.minLength(16), z.maxLength(512)), password: PasswordInput }).register(z.globalRegistry, { id: 'PasswordResetConfirmRequest' });
export const LogoutBody = z.strictObject({ refresh_token: z.string().check(z.minLength(1), z.maxLength(8192)) }).register(z.globalRegistry, { id: 'LogoutRequest' });
export const Message = z.object({ message: z.string() }).register(z.globalRegistry, { id: 'Message' });

export const TokenBody = z
  .strictObject({ email: EmailInput, password: z.string().check(z.minLength(1), z.maxLength(256)) }).register(z.globalRegistry, { id: 'TokenRequest' });

export const RefreshBody = z.strictObject({ refresh_token: z.string().check(z.minLength(1), z.maxLength(8192)) }).register(z.globalRegistry, { id: 'RefreshRequest' });

const tokenFields = {
  id_token: z.string(),
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.int().register(z.globalRegistry, { description: 'Seconds until the id and access tokens expire' }),
};
export const Tokens = z.object({ ...tokenFields, refresh_token: z.string() }).register(z.globalRegistry, { id: 'Tokens' });
export const RefreshedTokens = z.object(tokenFields).register(z.globalRegistry, { id: 'RefreshedTokens' });

/** Profile fields only: `role`, `team_id` and `email` are refused as unknown fields. */
export const PatchMeBody = z
  .strictObject({
    name: z.optional(Name()),
    company: z.optional(Name()),
    job_title: z.optional(z.nullable(Text(200))),
    phone: z.optional(z.nullable(PhoneInput)),
  }).register(z.globalRegistry, { id: 'PatchMeRequest' });

export const PatchTeamBody = z
  .strictObject({
    name: z.optional(TeamName()),
    callback_url: z.optional(z.nullable(z.string().check(z.maxLength(2048)))),
  }).register(z.globalRegistry, { id: 'PatchTeamRequest' });

export const Role = z.enum(TEAM_ROLES);
