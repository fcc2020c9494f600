import { activeTeamIdPages } from '../../db/teams';
import { provisionCallbackAuthKeys } from '../../secrets/callback-auth-keys';

export interface ProvisionReport {
  teams: number;
  keysCreated: number;
}

// Secrets Manager's CreateSecret quota is 50 a second per account and
// region: a few teams at a time keeps a migration far below it.
const TEAMS_AT_ONCE = 4;

/**
 * The one-off migration for teams verified before callback auth keys were
 * made at verification: gives every active team its live and test keys.
 * Idempotent (a key that exists is left as it is), so it can be re-run
 * after an interruption, or on every local start.
 */
export async function provisionAllCallbackAuthKeys(onProgress?: (report: ProvisionReport) => void): Promise<ProvisionReport> {
  const report: ProvisionReport = { teams: 0, keysCreated: 0 };
  for await (const teamIds of activeTeamIdPages()) {
    for (let i = 0; i < teamIds.length; i += TEAMS_AT_ONCE) {
      const made = await Promise.all(teamIds.slice(i, i + TEAMS_AT_ONCE).map(provisionCallbackAuthKeys));
      report.teams += made.length;
      report.keysCreated += made.reduce((sum, n) => sum + n, 0);
    }
    onProgress?.(report);
  }
  return report;
}
