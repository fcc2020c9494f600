import { findUserIdByEmail } from '../../db/email-claims';
import { getUser, type UserRecord } from '../../db/users';
import { normalizeEmail } from '../../domain/email';

/**
 * Support looks an account up by email (case-insensitive, `+tags`
 * significant, as sign-in): zero or one user, with their team and role.
 */
export async function findUsersByEmail(email: string): Promise<UserRecord[]> {
  const userId = await findUserIdByEmail(normalizeEmail(email));
  const user = userId ? await getUser(userId) : null;
  return user ? [user] : [];
}
