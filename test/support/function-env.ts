import { inject } from 'vitest';

/**
 * Runs before each test file: gives in-process code (entity modules, use
 * cases) the same environment the dev server's functions have, before any
 * of it is imported.
 */
Object.assign(process.env, inject('localStack').env);
