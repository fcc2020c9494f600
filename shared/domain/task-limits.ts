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
