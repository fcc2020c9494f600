import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The key a per-address limit counts an IP address under, or null for text
 * that is not one plain address. One address, one key, however it is
 * written (`::ffff:203.0.113.9` is `203.0.113.9`, case and zero-compression
 * do not matter); and an IPv6 address counts as its /64, since a single
 * customer holds at least that many addresses and could otherwise step past
 * any limit by moving through them. Zone ids (`fe80::1%eth0`) and anything
 * long are refused: they are not client addresses.
 */
export function countedAddress(text: string): string | null {
  if (text.length > 45 || text.includes('%') || isIP(text) === 0) return null;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
