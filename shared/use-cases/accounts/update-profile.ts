import { ownAccountAuditSteps } from '../../db/audit-events';
import { transact } from '../../db/transact';
import { updateProfileStep, type UserRecord } from '../../db/users';


export interface ProfilePatch {
  name?: string;
  company?: string;
  job_title?: string | null;
  phone?: string | null;
}

/**
 * Edit the caller's own profile fields. Membership fields are not editable
 * here (the schema refuses them); an empty patch changes nothing and records
 * nothing.
 */
export async function updateProfile(user: UserRecord, patch: ProfilePatch): Promise<UserRecord> {
  const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && user[k as keyof UserRecord] !== v));
  if (Object.keys(changed).length === 0) return user;
  const now = new Date().toISOString();
  await transact([
    updateProfileStep(user.id, changed, now),
    ...ownAccountAuditSteps(user, now, 'user.updated', { fields: Object.keys(changed) }),
  ]);
  return { ...user, ...changed, updated_at: now } as UserRecord;
}
