import { describe, expect, it } from 'vitest';
import { problemOf } from '../../web/src/ui/errors';
import { count, money } from '../../web/src/ui/format';
import { locationOf, PROVIDERS, verificationWords } from '../../web/src/pages/integration-providers';
import { CreateIntegrationBody } from '../../shared/api/integrations';

/** What the dashboard writes for people from the API's answers: pure functions of web/src, tested without a browser. */
describe('the dashboard in words', () => {
  it('writes integer cents as dollars', () => {
    expect(money({ amount: 123450, currency: 'USD' })).toBe('$1,234.50');
    expect(money({ amount: 5, currency: 'USD' })).toBe('$0.05');
  });

  it('counts in words', () => {
    expect([0, 1, 2].map((n) => count(n, 'task'))).toEqual(['0 tasks', '1 task', '2 tasks']);
  });

  it('says a verification passed, or which grant failed and why', () => {
    expect(verificationWords({ ok: true, error: null, checks: {} })).toMatch(/^Verified: /);
    const failed = verificationWords({
      ok: false,
      error: 'write: AccessDenied',
      checks: { assume_role: { result: 'passed' }, list: { result: 'passed' }, write: { result: 'failed', error: 'AccessDenied' }, read: { result: 'skipped', error: 'after write' } },
    });
    expect(failed).toBe('Not verified: could not write an object (AccessDenied).');
    const gone = { result: 'failed' as const, error: 'NoSuchBucket: the bucket does not exist.' };
    expect(verificationWords({ ok: false, error: null, checks: { list: gone, write: gone, read: gone, delete: gone } })).toBe(
      'Not verified: could not list objects (NoSuchBucket: the bucket does not exist); write, read and delete failed too.',
    );
    // No check named: the verification's own error.
    expect(verificationWords({ ok: false, error: 'the SAS token has expired', checks: {} })).toBe('Not verified: the SAS token has expired.');
  });

  it('names where an integration reads and writes', () => {
    expect(locationOf({ provider: 'aws_s3', bucket: 'acme', prefix: 'refonte/' } as never)).toBe('acme/refonte/');
    expect(locationOf({ provider: 'azure_blob', account_name: 'acmelabels', container: 'labels' } as never)).toBe('acmelabels/labels');
  });

  it("offers exactly the create request's fields for each provider", () => {
    for (const option of CreateIntegrationBody.def.options) {
      const provider = option.shape.provider.def.values[0]!;
      const offered = PROVIDERS[provider].fields.map((f) => f.name).sort();
      const accepted = Object.keys(option.shape).filter((k) => k !== 'provider').sort();
      expect(offered, provider).toEqual(accepted);
    }
  });

  it("keeps an API refusal's code, message and per-field messages", () => {
    const problem = problemOf({ error: { code: 'validation_failed', message: 'Invalid body field "bucket": too short', details: [{ path: 'bucket', message: 'too short' }] } });
    expect(problem).toEqual({ code: 'validation_failed', message: 'Invalid body field "bucket": too short', fields: { bucket: 'too short' } });
  });
});
