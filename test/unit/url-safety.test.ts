import { describe, it, expect } from 'vitest';
import {
  checkCallbackUrl,
  checkResolvedAddress,
  type UrlPolicy,
  type UrlVerdict,
} from '../../shared/domain/url-safety';

// Reasons are part of the public API (they reach customers in error bodies),
// so they are pinned verbatim here.
const HTTPS_ONLY = 'only https URLs are allowed';
const PRIVATE = 'private network addresses are not allowed';
const LOOPBACK = 'loopback addresses are not allowed';
const LINK_LOCAL = 'link-local and cloud metadata addresses are not allowed';
const SPECIAL = 'reserved or special-purpose addresses are not allowed';
const LOCAL_NAME = 'local or internal hostnames are not allowed';
const SINGLE_LABEL = 'the hostname must be a fully qualified domain name';
const USERINFO = 'URLs must not contain a username or password';
const UNPARSEABLE = 'the callback URL is not a valid URL';
const TOO_LONG = 'the callback URL must be at most 2048 characters';
const INVALID_IP = 'not a valid IP address';

const PROD: UrlPolicy = { allowLoopbackHttp: false };
const LOCAL: UrlPolicy = { allowLoopbackHttp: true };

const ok = (url: string): UrlVerdict => ({ ok: true, url });
const no = (reason: string): UrlVerdict => ({ ok: false, reason });

/** [input, verdict in production, verdict on the local stack] */
type Row = [string, UrlVerdict, UrlVerdict];

/** Same verdict whatever the policy. */
const both = (input: string, verdict: UrlVerdict): Row => [input, verdict, verdict];

function runTable(
  check: (input: string, policy: UrlPolicy) => UrlVerdict,
  rows: Row[],
): void {
  it.each(rows)('%s', (input, prod, local) => {
    expect(check(input, PROD)).toEqual(prod);
    expect(check(input, LOCAL)).toEqual(local);
  });
}

describe('checkCallbackUrl', () => {
  describe('public https URLs are allowed and normalised', () => {
    runTable(checkCallbackUrl, [
      both('https://example.com/hooks?a=1', ok('https://example.com/hooks?a=1')),
      both('https://example.com', ok('https://example.com/')),
      both('  https://EXAMPLE.com:443/Hooks#frag ', ok('https://example.com/Hooks#frag')),
      both('https://api.example.co.uk:8443/cb', ok('https://api.example.co.uk:8443/cb')),
      both('https://example.com./x', ok('https://example.com./x')),
      both('https://bücher.example/x', ok('https://xn--bcher-kva.example/x')),
      both('https://8.8.8.8/hook', ok('https://8.8.8.8/hook')),
      both('https://[2606:4700::1111]/x', ok('https://[2606:4700::1111]/x')),
      both('https://[2606:4700:0:0:0:0:0:1111]/x', ok('https://[2606:4700::1111]/x')),
      // IPv4-mapped public address is the public address.
      both('https://[::ffff:8.8.8.8]/', ok('https://[::ffff:808:808]/')),
      // NAT64 well-known prefix carrying a public IPv4 is a real public destination.
      both('https://[64:ff9b::8.8.8.8]/', ok('https://[64:ff9b::808:808]/')),
      // Empty userinfo normalises away, so nothing ambiguous is stored.
      both('https://@example.com/', ok('https://example.com/')),
      // The stored href is what gets sent, so parser differentials cannot
      // redirect the request: the backslash is a path here, not an authority.
      both('https://example.com\\@10.0.0.1/', ok('https://example.com/@10.0.0.1/')),
      // Names that merely contain a special word are ordinary names.
      both('https://localhost.example.com/', ok('https://localhost.example.com/')),
      both('https://internal.example.com/', ok('https://internal.example.com/')),
      both('https://my.local-shop.com/x', ok('https://my.local-shop.com/x')),
    ]);
  });

  describe('scheme', () => {
    runTable(checkCallbackUrl, [
      both('http://example.com/hooks', no(HTTPS_ONLY)),
      both('http://8.8.8.8/', no(HTTPS_ONLY)),
      both('ftp://example.com/file', no(HTTPS_ONLY)),
      both('ftp://127.0.0.1/file', no(HTTPS_ONLY)),
      both('file:///etc/passwd', no(HTTPS_ONLY)),
      both('gopher://example.com:70/', no(HTTPS_ONLY)),
      both('javascript:alert(1)', no(HTTPS_ONLY)),
      both('data:text/plain,hi', no(HTTPS_ONLY)),
      both('ws://example.com/', no(HTTPS_ONLY)),
      both('wss://example.com/', no(HTTPS_ONLY)),
    ]);
  });

  describe('loopback: allowed only on the local stack', () => {
    runTable(checkCallbackUrl, [
      ['http://127.0.0.1:8080/cb', no(LOOPBACK), ok('http://127.0.0.1:8080/cb')],
      ['http://localhost:9000', no(LOOPBACK), ok('http://localhost:9000/')],
      ['http://localhost', no(LOOPBACK), ok('http://localhost/')],
      ['http://LOCALHOST:9000/a/b?c=d', no(LOOPBACK), ok('http://localhost:9000/a/b?c=d')],
      ['http://localhost.:9000/', no(LOOPBACK), ok('http://localhost.:9000/')],
      ['https://localhost/', no(LOOPBACK), ok('https://localhost/')],
      ['https://127.0.0.1/cb', no(LOOPBACK), ok('https://127.0.0.1/cb')],
      // Only 127.0.0.1 and localhost, as the contract names them: the rest of loopback stays refused.
      both('http://127.255.255.254/', no(LOOPBACK)),
      both('https://127.0.0.2/x', no(LOOPBACK)),
      both('http://[::1]:3000/cb', no(LOOPBACK)),
      both('https://[::1]/', no(LOOPBACK)),
      // The local stack allows 127.0.0.1 itself, not every spelling of loopback.
      both('http://[::ffff:127.0.0.1]/', no(LOOPBACK)),
      // Full-width letters fold to ASCII during IDNA processing.
      ['https://ｌｏｃａｌｈｏｓｔ/', no(LOOPBACK), ok('https://localhost/')],
    ]);
  });

  describe('odd IPv4 notations are normalised by URL before judging', () => {
    it.each([
      ['http://0x7f.1/'],
      ['http://2130706433/'],
      ['http://0177.0.0.1/'],
      ['http://127.1/'],
      ['http://0x7f000001/'],
      ['http://0x7F.0.0.1/'],
      ['http://127.0.1/'],
      ['http://017700000001/'],
    ])('%s is 127.0.0.1', (input) => {
      expect(new URL(input).hostname).toBe('127.0.0.1');
      expect(checkCallbackUrl(input, PROD)).toEqual(no(LOOPBACK));
      expect(checkCallbackUrl(input, LOCAL)).toEqual(ok('http://127.0.0.1/'));
    });

    runTable(checkCallbackUrl, [
      both('https://0xa.0.0.1/', no(PRIVATE)),
      both('https://167772161/', no(PRIVATE)),
      both('https://0251.0376.0251.0376/', no(LINK_LOCAL)),
      both('https://2852039166/', no(LINK_LOCAL)),
      both('https://0/', no(SPECIAL)),
    ]);
  });

  describe('private networks', () => {
    runTable(checkCallbackUrl, [
      both('https://10.0.0.1/', no(PRIVATE)),
      both('https://10.255.255.255/', no(PRIVATE)),
      both('https://172.16.0.1/', no(PRIVATE)),
      both('https://172.31.255.254/', no(PRIVATE)),
      both('https://192.168.1.1/', no(PRIVATE)),
      both('https://100.64.0.1/', no(PRIVATE)),
      both('https://100.127.255.254/', no(PRIVATE)),
      both('https://100.100.100.200/', no(PRIVATE)), // Alibaba metadata sits in CGNAT space
      both('https://[fc00::1]/', no(PRIVATE)),
      both('https://[fd12:3456:789a::1]/', no(PRIVATE)),
      both('https://[fec0::1]/', no(PRIVATE)),
      both('https://[::ffff:10.0.0.1]/', no(PRIVATE)),
      both('http://[::ffff:192.168.0.1]/', no(PRIVATE)),
      // Just outside the private blocks.
      both('https://172.15.255.255/', ok('https://172.15.255.255/')),
      both('https://172.32.0.1/', ok('https://172.32.0.1/')),
      both('https://100.63.255.255/', ok('https://100.63.255.255/')),
      both('https://100.128.0.1/', ok('https://100.128.0.1/')),
      both('https://11.0.0.1/', ok('https://11.0.0.1/')),
    ]);
  });

  describe('link-local and metadata are refused even on the local stack', () => {
    runTable(checkCallbackUrl, [
      both('http://169.254.169.254/latest/meta-data/', no(LINK_LOCAL)),
      both('https://169.254.169.254/', no(LINK_LOCAL)),
      both('https://169.254.170.2/v2/credentials', no(LINK_LOCAL)),
      both('https://169.254.0.1/', no(LINK_LOCAL)),
      both('https://[fe80::1]/', no(LINK_LOCAL)),
      both('https://[febf::1]/', no(LINK_LOCAL)),
      both('http://[fd00:ec2::254]/latest/meta-data/', no(LINK_LOCAL)),
      both('https://[fd00:ec2::254]/', no(LINK_LOCAL)),
      both('https://[fd20:ce::254]/', no(LINK_LOCAL)),
      both('http://[::ffff:169.254.169.254]/', no(LINK_LOCAL)),
      both('https://[::ffff:a9fe:a9fe]/', no(LINK_LOCAL)),
      // Tunnelled / translated forms that point at the metadata service.
      both('https://[64:ff9b::169.254.169.254]/', no(LINK_LOCAL)),
      both('https://[2002:a9fe:a9fe::1]/', no(LINK_LOCAL)),
      both('https://[::ffff:0:169.254.169.254]/', no(LINK_LOCAL)),
      both('https://[::169.254.169.254]/', no(LINK_LOCAL)),
    ]);
  });

  describe('unspecified, broadcast, multicast, reserved and transition addresses', () => {
    runTable(checkCallbackUrl, [
      both('http://0.0.0.0/', no(SPECIAL)),
      both('https://0.0.0.0:8080/', no(SPECIAL)),
      both('https://0.1.2.3/', no(SPECIAL)),
      both('https://255.255.255.255/', no(SPECIAL)),
      both('https://224.0.0.1/', no(SPECIAL)),
      both('https://239.255.255.250/', no(SPECIAL)),
      both('https://240.0.0.1/', no(SPECIAL)),
      both('https://192.0.2.1/', no(SPECIAL)),
      both('https://198.18.0.1/', no(SPECIAL)),
      both('https://198.51.100.7/', no(SPECIAL)),
      both('https://203.0.113.9/', no(SPECIAL)),
      both('https://[::]/', no(SPECIAL)),
      both('https://[::ffff:0.0.0.0]/', no(SPECIAL)),
      both('https://[ff02::1]/', no(SPECIAL)),
      both('https://[2001:db8::1]/', no(SPECIAL)),
      both('https://[100::1]/', no(SPECIAL)),
      both('https://[2001::1]/', no(SPECIAL)), // Teredo
      both('https://[2002:808:808::1]/', no(SPECIAL)), // 6to4 of a public address
      both('https://[64:ff9b:1::1]/', no(SPECIAL)), // local-use NAT64 prefix
      both('https://[::ffff:0:8.8.8.8]/', no(SPECIAL)), // IPv4-translated
      both('https://[::8.8.8.8]/', no(SPECIAL)), // IPv4-compatible (deprecated)
      both('https://[4000::1]/', no(SPECIAL)), // outside 2000::/3 global unicast
      // Loopback reached through a translation or tunnel is not "this machine",
      // so the local-stack exemption must not apply.
      both('http://[::127.0.0.1]/', no(SPECIAL)),
      both('http://[64:ff9b::127.0.0.1]/', no(SPECIAL)),
      both('http://[2002:7f00:1::]/', no(SPECIAL)),
    ]);
  });

  describe('local and internal hostnames', () => {
    runTable(checkCallbackUrl, [
      both('https://metadata.google.internal/computeMetadata/v1/', no(LOCAL_NAME)),
      both('https://metadata.google.internal./', no(LOCAL_NAME)),
      both('https://ip-10-0-0-1.ec2.internal/', no(LOCAL_NAME)),
      both('https://foo.localhost/', no(LOCAL_NAME)),
      both('http://foo.localhost:9000/', no(LOCAL_NAME)),
      both('https://FOO.LOCALHOST./', no(LOCAL_NAME)),
      both('https://printer.local/', no(LOCAL_NAME)),
      both('https://db.localdomain/', no(LOCAL_NAME)),
      both('https://router.home.arpa/', no(LOCAL_NAME)),
      both('https://intranet/', no(SINGLE_LABEL)),
      both('https://intranet./', no(SINGLE_LABEL)),
      both('https://local/', no(SINGLE_LABEL)),
      both('https://./', no(SINGLE_LABEL)),
      ['https://localhost../', no(LOOPBACK), ok('https://localhost../')],
    ]);
  });

  describe('userinfo', () => {
    runTable(checkCallbackUrl, [
      both('https://user:pass@example.com/cb', no(USERINFO)),
      both('https://user@example.com/cb', no(USERINFO)),
      both('https://:pass@example.com/cb', no(USERINFO)),
      both('https://example.com@evil.example/cb', no(USERINFO)),
      both('http://user@localhost:9000/', no(USERINFO)),
    ]);
  });

  describe('unparseable input', () => {
    runTable(checkCallbackUrl, [
      both('', no(UNPARSEABLE)),
      both('   ', no(UNPARSEABLE)),
      both('not a url', no(UNPARSEABLE)),
      both('example.com/hooks', no(UNPARSEABLE)),
      both('//example.com/hooks', no(UNPARSEABLE)),
      both('https://', no(UNPARSEABLE)),
      both('https://exa mple.com/', no(UNPARSEABLE)),
      both('https://[::1/', no(UNPARSEABLE)),
      both('https://[fe80::1%25eth0]/', no(UNPARSEABLE)),
      both('https://1.2.3.4.5/', no(UNPARSEABLE)),
      both('https://256.0.0.1/', no(UNPARSEABLE)),
      both('https://example.com:99999/', no(UNPARSEABLE)),
    ]);
  });

  describe('length', () => {
    const base = 'https://example.com/';
    const atLimit = base + 'a'.repeat(2048 - base.length);
    const overLimit = atLimit + 'a';

    it('accepts a URL of exactly 2048 characters', () => {
      expect(atLimit).toHaveLength(2048);
      expect(checkCallbackUrl(atLimit, PROD)).toEqual(ok(atLimit));
    });

    it('refuses a URL of 2049 characters', () => {
      expect(checkCallbackUrl(overLimit, PROD)).toEqual(no(TOO_LONG));
      expect(checkCallbackUrl(overLimit, LOCAL)).toEqual(no(TOO_LONG));
    });

    it('refuses a huge string without caring what it is', () => {
      expect(checkCallbackUrl('x'.repeat(100_000), PROD)).toEqual(no(TOO_LONG));
    });

    it('judges the normalised length, which percent-encoding can grow', () => {
      const raw = base + 'é'.repeat(1000); // 1020 chars typed, 6020 once encoded
      expect(raw.length).toBeLessThanOrEqual(2048);
      expect(checkCallbackUrl(raw, PROD)).toEqual(no(TOO_LONG));
    });
  });
});

describe('checkResolvedAddress', () => {
  describe('public addresses are allowed and returned in canonical form', () => {
    runTable(checkResolvedAddress, [
      both('8.8.8.8', ok('8.8.8.8')),
      both('93.184.216.34', ok('93.184.216.34')),
      both('172.32.0.1', ok('172.32.0.1')),
      both('2606:4700:4700::1111', ok('2606:4700:4700::1111')),
      both('2606:4700:4700:0:0:0:0:1111', ok('2606:4700:4700::1111')),
      both('2606:4700:4700::1111'.toUpperCase(), ok('2606:4700:4700::1111')),
      both('[2a00:1450:4001:80b::200e]', ok('2a00:1450:4001:80b::200e')),
      both('::ffff:8.8.8.8', ok('::ffff:808:808')),
      both('64:ff9b::808:808', ok('64:ff9b::808:808')),
    ]);
  });

  describe('refused addresses', () => {
    runTable(checkResolvedAddress, [
      ['127.0.0.1', no(LOOPBACK), ok('127.0.0.1')],
      ['127.0.0.53', no(LOOPBACK), ok('127.0.0.53')],
      ['::1', no(LOOPBACK), ok('::1')],
      ['[::1]', no(LOOPBACK), ok('::1')],
      ['::ffff:127.0.0.1', no(LOOPBACK), ok('::ffff:7f00:1')],
      both('10.1.2.3', no(PRIVATE)),
      both('172.16.5.4', no(PRIVATE)),
      both('192.168.0.10', no(PRIVATE)),
      both('100.64.1.1', no(PRIVATE)),
      both('fd12::1', no(PRIVATE)),
      both('fc00::1', no(PRIVATE)),
      both('::ffff:10.0.0.1', no(PRIVATE)),
      both('::ffff:a00:1', no(PRIVATE)),
      both('169.254.169.254', no(LINK_LOCAL)),
      both('169.254.170.2', no(LINK_LOCAL)),
      both('fe80::1', no(LINK_LOCAL)),
      both('fd00:ec2::254', no(LINK_LOCAL)),
      both('fd00:ec2::23', no(LINK_LOCAL)),
      both('::ffff:169.254.169.254', no(LINK_LOCAL)),
      both('64:ff9b::a9fe:a9fe', no(LINK_LOCAL)),
      both('2002:a9fe:a9fe::', no(LINK_LOCAL)),
      both('0.0.0.0', no(SPECIAL)),
      both('::', no(SPECIAL)),
      both('255.255.255.255', no(SPECIAL)),
      both('224.0.0.251', no(SPECIAL)),
      both('ff02::fb', no(SPECIAL)),
      both('192.0.2.10', no(SPECIAL)),
      both('2001:db8::10', no(SPECIAL)),
      both('2001:0:4136:e378:8000:63bf:3fff:fdd2', no(SPECIAL)),
      both('::7f00:1', no(SPECIAL)),
      both('64:ff9b::7f00:1', no(SPECIAL)),
    ]);
  });

  describe('anything that is not a canonical address is refused, not interpreted', () => {
    runTable(checkResolvedAddress, [
      both('', no(INVALID_IP)),
      both('example.com', no(INVALID_IP)),
      both('localhost', no(INVALID_IP)),
      both('127.1', no(INVALID_IP)),
      both('0x7f.0.0.1', no(INVALID_IP)),
      both('0177.0.0.1', no(INVALID_IP)),
      both('010.0.0.1', no(INVALID_IP)),
      both('2130706433', no(INVALID_IP)),
      both('256.1.1.1', no(INVALID_IP)),
      both(' 8.8.8.8', no(INVALID_IP)),
      both('8.8.8.8/32', no(INVALID_IP)),
      both('::ffff:0x7f.0.0.1', no(INVALID_IP)),
      both('::ffff:0177.0.0.1', no(INVALID_IP)),
      both('fe80::1%eth0', no(INVALID_IP)),
      both('2606:4700::1111%1', no(INVALID_IP)),
      both('1:2:3:4:5:6:7:8:9', no(INVALID_IP)),
      both('[8.8.8.8]', no(INVALID_IP)),
    ]);
  });
});
