/**
 * Configuration from the environment, read where it is first needed at
 * module load, so a function missing a variable fails at cold start rather
 * than mid-request. Secrets never come from here.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

export function envFlag(name: string): boolean {
  return process.env[name] === 'true';
}
