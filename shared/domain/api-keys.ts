import { randomBytes } from 'node:crypto';

/**
 * API keys: `live_` or `test_`, 40 random base62 characters, then a 6-character
 * base62 CRC32 checksum of everything before it (as GitHub's tokens do). A
 * leaked key is recognisable by pattern; a mistyped one is refused before any
 * lookup. Secret scanners: /\b(live|test)_[0-9A-Za-z]{46}\b/ (checksum:
 * CRC32 of the first 45 characters, big-endian base62, left-padded with 0).
 */
export type KeyEnvironment = 'live' | 'test';
export const KEY_ENVIRONMENTS = ['live', 'test'] as const;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;

/** Secret-scanner pattern (anchored): prefix, 40 random characters, 6 checksum characters. */
export const API_KEY_PATTERN = /^(live|test)_[0-9A-Za-z]{46}$/;

/** At most this many keys per environment per team (409 `key_limit_reached`). */
export const MAX_KEYS_PER_ENVIRONMENT = 20;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, length: number): string {
  let out = '';
  let v = value;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(length, '0');
}

export function checksumOf(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // Rejection sampling: bytes ≥ 248 would bias the alphabet.
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function newApiKey(environment: KeyEnvironment): string {
  const body = `${environment}_${randomBase62(RANDOM_LENGTH)}`;
  return body + checksumOf(body);
}

/** Shape and checksum: true only for a string this module could have made. */
export function isWellFormedApiKey(value: string): boolean {
  if (!API_KEY_PATTERN.test(value)) return false;
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return checksumOf(body) === value.slice(-CHECKSUM_LENGTH);
}

export function environmentOfKey(key: string): KeyEnvironment {
  return key.startsWith('live_') ? 'live' : 'test';
}

export function lastFour(key: string): string {
  return key.slice(-4);
}
