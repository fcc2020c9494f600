import { describe, expect, it, vi } from 'vitest';
import { clientAddress } from '../../shared/http/client-address';

const event = (headers: Record<string, string>, sourceIp = '130.176.1.1') =>
  ({ headers, requestContext: { identity: { sourceIp } } }) as unknown as Parameters<typeof clientAddress>[0];
const secretIs = (expected: string) => vi.fn(async (presented: string) => presented === expected);

describe('the address a per-client limit counts', () => {
  it("is the viewer's the edge forwarded, when the edge secret comes with it", async () => {
    const check = secretIs('s3cret');
    expect(await clientAddress(event({ 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '203.0.113.7' }), check)).toBe('203.0.113.7');
    // One key per address however written; IPv6 by its /64, which one customer holds whole.
    expect(await clientAddress(event({ 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '2001:db8::7' }), check)).toBe('2001:db8:0:0::/64');
    expect(await clientAddress(event({ 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '2001:DB8:0:0:ffff::9' }), check)).toBe('2001:db8:0:0::/64');
    expect(await clientAddress(event({ 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '::ffff:203.0.113.7' }), check)).toBe('203.0.113.7');
    expect(check).toHaveBeenCalledWith('s3cret');
  });

  it("is the connection's otherwise: no secret, a wrong one, or no usable address beside it", async () => {
    const check = secretIs('s3cret');
    for (const headers of <Record<string, string>[]>[
      { 'x-refonte-viewer-address': '203.0.113.7' },
      { 'x-refonte-edge-secret': 'guess', 'x-refonte-viewer-address': '203.0.113.7' },
      { 'x-refonte-edge-secret': 's3cret' },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '203.0.113.7, 10.0.0.1' },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '203.0.113.7:443' },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': 'RATE#x' },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': `fe80::1%${'z'.repeat(3000)}` },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': 'fe80::1%eth0' },
      { 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': '0x7f.1' },
    ]) {
      expect(await clientAddress(event(headers), check), JSON.stringify(headers)).toBe('130.176.1.1');
    }
  });

  it('asks for the secret only when a viewer address comes with one (a direct client costs no Secrets Manager call)', async () => {
    const check = secretIs('s3cret');
    await clientAddress(event({}), check);
    await clientAddress(event({ 'x-refonte-viewer-address': '203.0.113.7' }), check);
    await clientAddress(event({ 'x-refonte-edge-secret': 's3cret', 'x-refonte-viewer-address': 'nope' }), check);
    expect(check).not.toHaveBeenCalled();
  });
});
