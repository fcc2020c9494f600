import { findUserIdByEmail } from '../../db/email-claims';
import { transact } from '../../db/transact';
import {
  deleteUnverifiedAccountSteps,
  deleteUnverifiedMarkerStep,
  purgeTeamPartition,
  staleUnverifiedAccounts,
  UNVERIFIED_ACCOUNT_LIFETIME_MS,
} from '../../db/unverified-accounts';
import { getUser } from '../../db/users';
import { ConcurrentChangeError } from '../../errors';
import { deleteIdentity } from '../../identity/cognito-users';

export interface SweepOptions {
  /** The sweep's clock (tests and re-runs pass their own). */
  nowMs?: number;
  /** Only accounts signed up at or after this ISO time (default: all). */
  signedUpSince?: string;
  /** At most this many accounts per run, so one run fits a function's timeout; the next run goes on. */
  limit?: number;
}

/**
 * Deletes accounts whose address was never verified, 7 days after their
 * sign-up, with their teams: nobody proved they own those addresses, and
 * the addresses' owners must find them free. Run hourly by a schedule in
 * AWS (a bounded batch each time), and by `npm run sweep` on the local stack.
 *
 * 1. Read the sweep markers of accounts signed up more than 7 days ago.
 * 2. For each: re-read the account. Verified or replaced since (the marker
 *    outlived it) → drop the marker only.
 * 3. In one transaction: delete the user, its email claim, its team and
 *    the marker, on condition that the account is still that unverified
 *    sign-up and no sign-up holds it; an account verified or replaced
 *    meanwhile is left alone.
 * 4. Delete the team's remaining items (its audit log), then the Cognito
 *    identity — unless a new sign-up claimed the address in between (it
 *    adopts the existing identity, which must then stay).
 */
export async function sweepUnverifiedAccounts(options: SweepOptions = {}): Promise<{ deleted: string[] }> {
  const nowMs = options.nowMs ?? Date.now();
  const now = new Date(nowMs).toISOString();
  const cutoff = new Date(nowMs - UNVERIFIED_ACCOUNT_LIFETIME_MS).toISOString();
  const deleted: string[] = [];
  for await (const marker of staleUnverifiedAccounts(cutoff, options.signedUpSince)) {
    if (deleted.length >= (options.limit ?? Infinity)) break;
    const user = await getUser(marker.user_id);
    if (!user || user.email_verified || user.created_at !== marker.created_at) {
      await transact([deleteUnverifiedMarkerStep({ id: marker.user_id, created_at: marker.created_at })]);
      continue;
    }
    try {
      await transact(deleteUnverifiedAccountSteps(user, now));
    } catch (error) {
      if (error instanceof ConcurrentChangeError) continue;
      throw error;
    }
    if (user.team_id) await purgeTeamPartition(user.team_id);
    if (!(await findUserIdByEmail(user.email))) await deleteIdentity(user.email);
    deleted.push(user.id);
  }
  return { deleted };
}
