import { requireEnv } from '../config';

export { keys } from './keys';

/** The single table; its name comes from the stack (TABLE_NAME), read at cold start. */
export const TABLE_NAME = requireEnv('TABLE_NAME');

export const GSI1 = 'GSI1';

/** Epoch seconds for the table's TTL attribute (`expires_at_epoch`). */
export function ttlEpoch(iso: string, graceMs = 0): number {
  return Math.floor((Date.parse(iso) + graceMs) / 1000);
}
