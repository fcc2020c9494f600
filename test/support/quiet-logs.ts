/**
 * The integration tier runs use cases in-process, where their logger writes
 * to the test output (expected failures log WARN lines). Test output is test
 * results: those logs are silent unless REFONTE_TEST_LOG_LEVEL names a level
 * (e.g. `REFONTE_TEST_LOG_LEVEL=DEBUG npm test`). Only this tier: other tiers start processes that must log as deployed.
 */
process.env.POWERTOOLS_LOG_LEVEL = process.env.REFONTE_TEST_LOG_LEVEL ?? 'SILENT';
