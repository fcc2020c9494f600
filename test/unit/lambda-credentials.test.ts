import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../infra/bundling/lambda-credentials';

/** The bundles' default credential chain (infra/bundling/lambda-credentials.ts): the environment, as Lambda sets it. */
describe('bundled default credentials', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("are the execution role's session credentials from the environment", async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' });
    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
  });

  it('fail with a credentials error, looking nowhere else, when the environment has none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    // A profile the SDK's full chain would read (it resolves to FROMPROFILE with it), to prove this one looks nowhere else.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'refonte-credentials-'));
    writeFileSync(path.join(dir, 'credentials'), '[elsewhere]\naws_access_key_id = FROMPROFILE\naws_secret_access_key = secret\n');
    writeFileSync(path.join(dir, 'config'), '[profile elsewhere]\nregion = us-east-1\n');
    Object.assign(process.env, { AWS_PROFILE: 'elsewhere', AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), AWS_CONFIG_FILE: path.join(dir, 'config') });
    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
