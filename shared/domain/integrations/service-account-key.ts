import { createPrivateKey } from 'node:crypto';
import { SERVICE_ACCOUNT_EMAIL } from './storage-names';

/**
 * A Google service-account key file, as downloaded from the console. Only
 * what signing needs is kept (and stored as a secret); the file's URLs
 * (`token_uri`, `auth_uri`, …) are dropped, so a key file cannot point the
 * platform at a host of its choosing.
 */
export interface ServiceAccountKey {
  project_id: string;
  client_email: string;
  private_key_id: string | null;
  private_key: string;
}

export const MAX_KEY_FILE_CHARS = 16 * 1024;

export type KeyProblem = { field: string; problem: string };

/** Validates a key file given as JSON text or as an object; the problems name the key file's field. */
export function parseServiceAccountKey(input: unknown): { ok: true; key: ServiceAccountKey } | { ok: false; problems: KeyProblem[] } {
  const fail = (field: string, problem: string) => ({ ok: false as const, problems: [{ field, problem }] });
  let file: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_KEY_FILE_CHARS) return fail('', `must be at most ${MAX_KEY_FILE_CHARS} characters`);
    try {
      file = JSON.parse(input);
    } catch {
      return fail('', 'must be the key file\'s JSON');
    }
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return fail('', 'must be a JSON object (the key file)');
  const f = file as Record<string, unknown>;
  const problems: KeyProblem[] = [];
  if (f.type !== 'service_account') problems.push({ field: 'type', problem: 'must be "service_account"' });
  if (typeof f.project_id !== 'string' || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(f.project_id)) {
    problems.push({ field: 'project_id', problem: 'must be a Google Cloud project id' });
  }
  if (typeof f.client_email !== 'string' || !SERVICE_ACCOUNT_EMAIL.test(f.client_email)) {
    problems.push({ field: 'client_email', problem: 'must be a service account email' });
  }
  if (f.private_key_id !== undefined && (typeof f.private_key_id !== 'string' || !/^[a-f0-9]{16,64}$/.test(f.private_key_id))) {
    problems.push({ field: 'private_key_id', problem: 'must be the key id (hexadecimal)' });
  }
  if (!isPrivateKeyPem(f.private_key)) problems.push({ field: 'private_key', problem: 'must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    key: {
      project_id: f.project_id as string,
      client_email: f.client_email as string,
      private_key_id: (f.private_key_id as string | undefined) ?? null,
      private_key: f.private_key as string,
    },
  };
}

function isPrivateKeyPem(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 8192) return false;
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (RSA )?PRIVATE KEY-----\r?\n?$/.test(value)) return false;
  try {
    return createPrivateKey(value).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}
