/**
 * One-off data migrations, by name. Each is idempotent: running it twice,
 * or after an interruption, changes nothing more. The modules are imported
 * only when run, because they read their configuration (table, secrets
 * prefix, endpoints) from the environment when loaded.
 */
export const MIGRATIONS = {
  /** Live and test callback auth keys for every active team that lacks them. */
  'callback-auth-keys': async () => {
    const { provisionAllCallbackAuthKeys } = await import('../../shared/use-cases/maintenance/provision-callback-auth-keys');
    const { teams, keysCreated } = await provisionAllCallbackAuthKeys();
    return `${teams} active team(s) checked, ${keysCreated} callback auth key(s) created`;
  },
} satisfies Record<string, () => Promise<string>>;

export type MigrationName = keyof typeof MIGRATIONS;

export const isMigrationName = (name: string): name is MigrationName => Object.hasOwn(MIGRATIONS, name);

/** Every migration, in order: the local stack runs them on each start (data kept with --persist may predate them). */
export async function runAllMigrations(): Promise<string[]> {
  const results: string[] = [];
  for (const [name, run] of Object.entries(MIGRATIONS)) results.push(`${name}: ${await run()}`);
  return results;
}
