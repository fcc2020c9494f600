/**
 * The role matrix of the contract, as data. Every route names one permission
 * (or none, for profile routes); `can` is the single place it is checked.
 */
export const TEAM_ROLES = ['member', 'manager', 'admin'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Who acts: a team member by role, or an API key of the team. */
export type Actor = TeamRole | 'api_key';

export const ROLE_MATRIX = {
  /** read own team and member list */
  'team.read': ['member', 'manager', 'admin'],
  /** create / amend / view / cancel tasks and projects */
  'tasks.manage': ['member', 'manager', 'admin', 'api_key'],
  /** redeliver a task's callback: manager+, and an API key (it has Manager rights on tasks) */
  'tasks.redeliver_callbacks': ['manager', 'admin', 'api_key'],
  /** invite, revoke, resend invitations */
  'invitations.manage': ['manager', 'admin'],
  /** change a member's role (member <-> manager), remove a member */
  'members.manage': ['manager', 'admin'],
  /** list, create, reveal, delete API keys; read callback auth keys */
  'api_keys.manage': ['manager', 'admin'],
  /** change team name, callback URL, defaults */
  'team.update': ['manager', 'admin'],
  /** view billing and invoices */
  'billing.read': ['manager', 'admin'],
  /** manage integrations */
  'integrations.manage': ['manager', 'admin'],
  /** read the audit log */
  'audit.read': ['manager', 'admin'],
  /** change payment details */
  'payment.update': ['admin'],
  /** rotate callback auth keys */
  'callback_keys.rotate': ['admin'],
} as const satisfies Record<string, readonly Actor[]>;

export type Permission = keyof typeof ROLE_MATRIX;
export const PERMISSIONS = Object.keys(ROLE_MATRIX) as Permission[];

export function can(actor: Actor, permission: Permission): boolean {
  return (ROLE_MATRIX[permission] as readonly Actor[]).includes(actor);
}
