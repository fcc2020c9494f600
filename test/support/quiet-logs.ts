/**
 * The unit and integration tiers run handlers and use cases in-process,
 * where their logger writes to the test output (expected failures log WARN
 * lines; many operations in one process re-set the metrics' dimension).
 * Test output is test results: those logs are silent unless
 * REFONTE_TEST_LOG_LEVEL names a level (`REFONTE_TEST_LOG_LEVEL=DEBUG npm
 * test`). Only these tiers: the others start processes that must log as
 * deployed.
 */
process.env.POWERTOOLS_LOG_LEVEL = process.env.REFONTE_TEST_LOG_LEVEL ?? 'SILENT';
