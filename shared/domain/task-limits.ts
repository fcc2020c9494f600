/**
 * Size limits of a task's free-form fields, measured on the serialized JSON
 * (UTF-8 bytes), which is what is stored and sent. Together they keep a task
 * item far below DynamoDB's 400 KB item limit and a callback body well
 * within what receivers accept: 64 + 16 + 128 KiB + a 32 KiB instruction.
 */
export const MAX_PARAMS_BYTES = 64 * 1024;
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_RESPONSE_BYTES = 128 * 1024;
export const MAX_INSTRUCTION_BYTES = 32 * 1024;
/** A client's idempotency key: short enough to be a key part, long enough for a UUID or a hash. */
export const MAX_UNIQUE_ID_CHARS = 256;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Control characters other than tab and line breaks: what no instruction needs and many renderers mangle. */
const ALLOWED_CONTROLS = new Set(['\t', '\n', '\r']);

export function hasUnsafeControl(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 || code === 0x7f) && !ALLOWED_CONTROLS.has(char)) return true;
  }
  return false;
}

/**
 * Nesting a task's JSON may use, the field itself being level 1: DynamoDB
 * stores 32 levels in an item, of which the item's own map takes one.
 */
export const MAX_JSON_DEPTH = 31;

/**
 * Numbers a task's JSON may hold: DynamoDB's smallest magnitude (1e-130), and
 * at most JavaScript's largest safe integer — above it the document client
 * refuses to write a number (it could not be read back exactly), so a client
 * sends a larger value as a string.
 */
const NUMBER_MAGNITUDE = { min: 1e-130, max: Number.MAX_SAFE_INTEGER } as const;

/**
 * Why a client's JSON cannot be stored as it was sent (an empty key, the key
 * `constructor` — which DynamoDB's marshaller takes for a class instance —
 * a number DynamoDB cannot hold, or nesting deeper than MAX_JSON_DEPTH), or
 * null when it can: refused with a 400 naming the field, never a 500 at write.
 */
export function unstorableJsonReason(value: unknown, depth = 1): string | null {
  if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    if (!Number.isFinite(value) || (magnitude !== 0 && (magnitude < NUMBER_MAGNITUDE.min || magnitude > NUMBER_MAGNITUDE.max))) {
      return 'numbers must be finite, with a magnitude between 1e-130 and 9007199254740991 (send larger values as strings)';
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_JSON_DEPTH) return `nesting is limited to ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = unstorableJsonReason(item, depth + 1);
      if (reason) return reason;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key === '') return 'keys must not be empty';
    if (key === 'constructor') return 'the key "constructor" cannot be stored: rename it';
    const reason = unstorableJsonReason(item, depth + 1);
    if (reason) return reason;
  }
  return null;
}
