/**
 * SSRF guard for customer-supplied webhook callback URLs.
 *
 * Two checkpoints share the same address rules:
 *  - `checkCallbackUrl` when the customer registers the URL (no DNS here: a
 *    name can be re-pointed later, so a lookup now would prove nothing);
 *  - `checkResolvedAddress` at send time, on every address DNS returned,
 *    which is the check that actually stops DNS rebinding.
 *
 * Pure and synchronous on purpose: no network, no AWS, so both the API and
 * the sender can use it and it can be tested exhaustively.
 */
import ipaddr from 'ipaddr.js';

export interface UrlPolicy {
  /**
   * Local stack only: lets a developer point webhooks at a receiver on their
   * own machine (`http://127.0.0.1:…`, `http://localhost:…`). Never widens
   * access to link-local or metadata addresses.
   */
  allowLoopbackHttp: boolean;
}

export type UrlVerdict = { ok: true; url: string } | { ok: false; reason: string };

// Longer URLs are refused rather than truncated: they bloat every stored
// subscription and every delivery log line, and no real endpoint needs them.
const MAX_URL_LENGTH = 2048;

const REASON = {
  unparseable: 'the callback URL is not a valid URL',
  tooLong: `the callback URL must be at most ${MAX_URL_LENGTH} characters`,
  scheme: 'only https URLs are allowed',
  userinfo: 'URLs must not contain a username or password',
  localName: 'local or internal hostnames are not allowed',
  singleLabel: 'the hostname must be a fully qualified domain name',
  loopback: 'loopback addresses are not allowed',
  private: 'private network addresses are not allowed',
  linkLocal: 'link-local and cloud metadata addresses are not allowed',
  special: 'reserved or special-purpose addresses are not allowed',
  invalidIp: 'not a valid IP address',
} as const;

type AddressClass = 'public' | 'loopback' | 'private' | 'linkLocal' | 'special';

const CLASS_REASON: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: REASON.loopback,
  private: REASON.private,
  linkLocal: REASON.linkLocal,
  special: REASON.special,
};

// Cloud metadata services reachable over IPv6. They sit inside fc00::/7 and
// would be refused anyway; listing them gives the customer the more accurate
// reason and keeps them refused even if the unique-local rule ever relaxes.
const IPV6_METADATA_RANGES: ReadonlyArray<[ipaddr.IPv6, number]> = [
  [ipaddr.IPv6.parse('fd00:ec2::'), 32], // AWS IMDS (fd00:ec2::254), DNS, NTP
  [ipaddr.IPv6.parse('fd20:ce::254'), 128], // GCP metadata server
];

// NAT64 well-known prefix: the last 32 bits are the real IPv4 destination, so
// the embedded address is what must be judged. Only the /96 form has a fixed
// embedding position; other rfc6052 prefixes are refused outright.
const NAT64_WELL_KNOWN: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('64:ff9b::'), 96];

// Only 2000::/3 is routable global unicast. ipaddr.js labels anything it has
// no name for as 'unicast', which would let e.g. IPv4-compatible ::7f00:1
// (what `[::127.0.0.1]` normalises to) slip through.
const IPV6_GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];

// RFC 6761 / 8375 special-use names plus the suffixes clouds use for their
// internal resolvers (`metadata.google.internal`, `*.ec2.internal`).
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

function classifyIPv4(addr: ipaddr.IPv4): AddressClass {
  switch (addr.range()) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'carrierGradeNat':
      return 'private';
    case 'linkLocal':
      return 'linkLocal';
    default:
      // unspecified (0.0.0.0/8 reaches the local host on Linux), broadcast,
      // multicast, reserved, documentation, benchmarking, ...
      return 'special';
  }
}

function ipv4FromLow32(addr: ipaddr.IPv6): ipaddr.IPv4 {
  const hi = addr.parts[6] ?? 0;
  const lo = addr.parts[7] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/**
 * Transition formats whose IPv4 endpoint we can see but which no legitimate
 * webhook receiver uses. Refused either way; the embedded address only
 * sharpens the reason (e.g. 6to4 wrapping 169.254.169.254). Loopback is
 * reported as special so the local-stack exemption cannot be reached through
 * a tunnel: only a plain loopback address is "this machine".
 */
function refuseTunnelled(embedded: ipaddr.IPv4): AddressClass {
  const inner = classifyIPv4(embedded);
  return inner === 'public' || inner === 'loopback' ? 'special' : inner;
}

function classifyIPv6(addr: ipaddr.IPv6): AddressClass {
  if (IPV6_METADATA_RANGES.some((range) => addr.match(range))) return 'linkLocal';

  const range = addr.range();
  switch (range) {
    case 'ipv4Mapped':
      // Dual-stack sockets send ::ffff:a.b.c.d straight to a.b.c.d.
      return classifyIPv4(addr.toIPv4Address());
    case 'loopback':
      return 'loopback';
    case 'linkLocal':
      return 'linkLocal';
    case 'uniqueLocal':
      return 'private';
    case 'rfc6052': {
      if (!addr.match(NAT64_WELL_KNOWN)) return 'special';
      // A NAT64 gateway forwards to the embedded IPv4 (so a public one is a
      // real public destination), but never to its own loopback.
      const inner = classifyIPv4(ipv4FromLow32(addr));
      return inner === 'loopback' ? 'special' : inner;
    }
    case 'rfc6145':
      return refuseTunnelled(ipv4FromLow32(addr));
    case '6to4': {
      const p1 = addr.parts[1] ?? 0;
      const p2 = addr.parts[2] ?? 0;
      return refuseTunnelled(new ipaddr.IPv4([p1 >> 8, p1 & 0xff, p2 >> 8, p2 & 0xff]));
    }
    case 'unicast':
      if (addr.match(IPV6_GLOBAL_UNICAST)) return 'public';
      // Outside 2000::/3: IPv4-compatible (::a.b.c.d), unassigned space, ...
      if (addr.parts.slice(0, 6).every((p) => p === 0)) return refuseTunnelled(ipv4FromLow32(addr));
      return 'special';
    default:
      // Not in ipaddr.js's IPv6Range type but returned at runtime.
      if ((range as string) === 'deprecatedSiteLocal') return 'private';
      // unspecified, multicast, teredo, documentation, benchmarking, orchid, ...
      return 'special';
  }
}

function classify(addr: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  return addr instanceof ipaddr.IPv4 ? classifyIPv4(addr) : classifyIPv6(addr);
}

/** The reason to refuse an address of this class, or null if it may be used. */
function refusal(cls: AddressClass, policy: UrlPolicy): string | null {
  if (cls === 'public' || (cls === 'loopback' && policy.allowLoopbackHttp)) return null;
  return CLASS_REASON[cls];
}

/**
 * Parses the host part of an already-normalised WHATWG URL. The URL parser
 * has already folded every exotic IPv4 spelling (hex, octal, short forms,
 * single integer) into dotted decimal, so only canonical forms need handling.
 */
function parseUrlHostAsIp(hostname: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (hostname.startsWith('[') && hostname.endsWith(']')) {
    return ipaddr.IPv6.parse(hostname.slice(1, -1));
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return ipaddr.IPv4.parse(hostname);
  return null;
}

// ipaddr.js accepts hex/octal in the dotted tail of `::ffff:a.b.c.d`, which
// inet_pton does not; only plain dotted decimal is treated as an address.
function hasCanonicalIPv4Tail(text: string): boolean {
  if (!text.includes('.')) return true;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  return ipaddr.IPv4.isValidFourPartDecimal(tail);
}

/** Judge a callback URL as typed by a customer. `url` in the ok verdict is the normalised href. */
export function checkCallbackUrl(raw: string, policy: UrlPolicy): UrlVerdict {
  // Checked before parsing so a huge payload is not parsed at all.
  if (raw.length > MAX_URL_LENGTH) return { ok: false, reason: REASON.tooLong };

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: REASON.unparseable };
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: REASON.scheme };
  }
  // Credentials would be stored and logged in clear, and `user@host` forms are
  // a classic way to make a URL look like it points somewhere else.
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: REASON.userinfo };
  }
  // Normalisation can lengthen the text (percent-encoding, punycode), and the
  // normalised form is what gets stored.
  if (url.href.length > MAX_URL_LENGTH) return { ok: false, reason: REASON.tooLong };

  let hostIsLoopback: boolean;
  const ip = parseUrlHostAsIp(url.hostname);
  if (ip !== null) {
    const cls = classify(ip);
    // The local stack's exception names 127.0.0.1 (and localhost), not all of loopback.
    const reason = refusal(cls, cls === 'loopback' && ip.toString() !== '127.0.0.1' ? { ...policy, allowLoopbackHttp: false } : policy);
    if (reason !== null) return { ok: false, reason };
    hostIsLoopback = cls === 'loopback';
  } else {
    // The URL parser lower-cases and IDNA-maps names, so `LOCALHOST` or
    // full-width `ｌｏｃａｌｈｏｓｔ` arrive here as `localhost`. Trailing dots
    // make the same name absolute and must not dodge the suffix checks.
    const name = url.hostname.replace(/\.+$/, '');
    if (name === 'localhost') {
      if (!policy.allowLoopbackHttp) return { ok: false, reason: REASON.loopback };
      hostIsLoopback = true;
    } else if (LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
      return { ok: false, reason: REASON.localName };
    } else if (!name.includes('.')) {
      // Single labels resolve through the VPC's search domains to internal hosts.
      return { ok: false, reason: REASON.singleLabel };
    } else {
      hostIsLoopback = false;
    }
  }

  if (url.protocol === 'http:' && !(policy.allowLoopbackHttp && hostIsLoopback)) {
    return { ok: false, reason: REASON.scheme };
  }
  return { ok: true, url: url.href };
}

/**
 * Judge one resolved IP address (v4 or v6 string) at send time, same rules
 * (loopback only allowed when policy.allowLoopbackHttp). `url` in the ok
 * verdict is the address in canonical text form.
 */
export function checkResolvedAddress(ip: string, policy: UrlPolicy): UrlVerdict {
  // Resolvers return canonical text. Anything else (octal, hex, short forms,
  // zone ids) is refused rather than interpreted, so this check can never
  // disagree with how the socket layer reads the same string.
  const bracketed = ip.startsWith('[') && ip.endsWith(']');
  const text = bracketed ? ip.slice(1, -1) : ip;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (!bracketed && ipaddr.IPv4.isValidFourPartDecimal(text)) {
    addr = ipaddr.IPv4.parse(text);
  } else if (text.includes(':') && ipaddr.IPv6.isValid(text) && hasCanonicalIPv4Tail(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    if (v6.zoneId !== undefined) return { ok: false, reason: REASON.invalidIp };
    addr = v6;
  } else {
    return { ok: false, reason: REASON.invalidIp };
  }

  const reason = refusal(classify(addr), policy);
  if (reason !== null) return { ok: false, reason };
  return { ok: true, url: addr instanceof ipaddr.IPv6 ? addr.toRFC5952String() : addr.toString() };
}
