import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, generateClientTypes } from '../../scripts/client/client-types';

describe('the typed client', () => {
  it('is generated from the document the API serves (run `npm run client:generate` after changing a route)', async () => {
    const committed = await readFile(CLIENT_TYPES_FILE, 'utf8');
    expect(committed === (await generateClientTypes()), `${CLIENT_TYPES_FILE} is stale: npm run client:generate`).toBe(true);
  });
});
