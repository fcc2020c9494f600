import * as z from 'zod';
import { TEAM_ROLES } from '../domain/permissions';
import { EmailInput, PasswordInput, Text, Timestamp } from './common';

export const User = z
  .object({
    id: z.string().meta({ example: 'user_5f0c3e2a9b7d4c1e8f6a2b3c4d5e6f70' }),
    email: z.string(),
    name: z.string(),
    company: z.string(),
    job_title: z.string().nullable(),
    phone: z.string().nullable(),
    team_id: z.string().nullable(),
    role: z.enum(TEAM_ROLES).nullable(),
    email_verified: z.boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'User' });

export const Team = z
  .object({
    id: z.string().meta({ example: 'team_01jcz3k4m5n6p7q8r9s0t1v2w3' }),
    name: z.string(),
    callback_url: z.string().nullable(),
    admin_user_id: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Team' });

export const SignupBody = z
  .strictObject({
    email: EmailInput,
    password: PasswordInput,
    name: Text(200),
    company: Text(200),
    team_name: Text(100),
  })
  .meta({ id: 'SignupRequest' });

export const UserAndTeam = z.object({ user: User, team: Team.nullable() }).meta({ id: 'UserAndTeam' });
export const SignupResponse = z
  .object({
    user: User,
    team: Team,
    email_status: z.enum(['sent', 'failed']).meta({ description: 'Whether the verification email went out' }),
  })
  .meta({ id: 'SignupResponse' });

export const UserOnly = z.object({ user: User }).meta({ id: 'UserResponse' });

export const VerifyBody = z.strictObject({ token: z.string().min(16).max(512) }).meta({ id: 'VerifyRequest' });

export const ResendVerificationBody = z.strictObject({ email: EmailInput }).meta({ id: 'ResendVerificationRequest' });
export const Accepted = z.object({ message: z.string() }).meta({ id: 'Accepted' });

export const TokenBody = z
  .strictObject({ email: EmailInput, password: z.string().min(1).max(256) })
  .meta({ id: 'TokenRequest' });

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(8192) }).meta({ id: 'RefreshRequest' });

const tokenFields = {
  id_token: z.string(),
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().meta({ description: 'Seconds until the id and access tokens expire' }),
};
export const Tokens = z.object({ ...tokenFields, refresh_token: z.string() }).meta({ id: 'Tokens' });
export const RefreshedTokens = z.object(tokenFields).meta({ id: 'RefreshedTokens' });

/** Profile fields only: `role`, `team_id` and `email` are refused as unknown fields. */
export const PatchMeBody = z
  .strictObject({
    name: Text(200).optional(),
    company: Text(200).optional(),
    job_title: Text(200).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ().-]{5,32}$/, 'must be a phone number')
      .nullable()
      .optional(),
  })
  .meta({ id: 'PatchMeRequest' });

export const PatchTeamBody = z
  .strictObject({
    name: Text(100).optional(),
    callback_url: z.string().max(2048).nullable().optional(),
  })
  .meta({ id: 'PatchTeamRequest' });

export const Role = z.enum(TEAM_ROLES);
