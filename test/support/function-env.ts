import { inject } from 'vitest';

/**
 * Runs before each test file: gives in-process code (entity modules, use
 * cases) the same environment the dev server's functions have, before any
 * of it is imported — except the log level: test output is test results, so
 * in-process logs are silent unless POWERTOOLS_LOG_LEVEL is set for the run
 * (the dev server's own logs go to its log file either way).
 */
const ownLogLevel = process.env.POWERTOOLS_LOG_LEVEL;
Object.assign(process.env, inject('localStack').env);
process.env.POWERTOOLS_LOG_LEVEL = ownLogLevel ?? 'SILENT';
