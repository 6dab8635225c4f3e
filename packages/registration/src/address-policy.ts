import ipaddr from 'ipaddr.js';

/** Why an address is refused, or `'public'` when it may be connected to. */
export type AddressRange = 'public' | 'invalid' | (string & {});

const MAPPED_V4_RANGES: ReadonlySet<string> = new Set(['ipv4Mapped', 'rfc6052', '6to4']);

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 address. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  if (range === '6to4') {
    const [, high = 0, low = 0] = parts;
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  if (range === 'rfc6052' && parts[2] !== 0) return undefined; // 64:ff9b:1::/48 is local-use NAT64
  const high = parts[6] ?? 0;
  const low = parts[7] ?? 0;
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function classifyIPv4(address: ipaddr.IPv4): string {
  const range = address.range();
  return range === 'unicast' ? 'public' : range;
}

function classifyIPv6(address: ipaddr.IPv6): string {
  const range = address.range();
  if (MAPPED_V4_RANGES.has(range)) {
    const v4 = embeddedIPv4(address, range);
    if (v4 === undefined) return range;
    const inner = classifyIPv4(v4);
    return inner === 'public' ? 'public' : `${range}:${inner}`;
  }
  if (range !== 'unicast') return range;
  // Only 2000::/3 is allocated global unicast; everything else (including the deprecated
  // IPv4-compatible ::a.b.c.d) is reserved.
  const first = address.parts[0] ?? 0;
  return first >= 0x2000 && first <= 0x3fff ? 'public' : 'reserved';
}

/**
 * The canonical text of an IPv6 address, by the WHATWG URL parser. ipaddr.js alone would read the
 * IPv4-compatible `::127.0.0.1` as the IPv4-mapped `::ffff:127.0.0.1`; the URL parser reads it as
 * `::7f00:1`, as the network stack does.
 */
function canonicalIPv6(address: string): string | undefined {
  if (!address.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(address)) return undefined;
  const text = `http://[${address}]/`;
  if (!URL.canParse(text)) return undefined;
  const canonical = new URL(text).hostname.slice(1, -1);
  return ipaddr.IPv6.isValid(canonical) ? canonical : undefined;
}

/**
 * The special-use range `address` belongs to, or `'public'`. Everything that is not plainly public is
 * refused: loopback, private (RFC 1918), link-local, CGNAT (100.64/10), multicast, broadcast,
 * unspecified, documentation and benchmarking ranges, reserved space, IPv6 unique-local and
 * site-local, Teredo, discard and ORCHID ranges, any IPv6 outside 2000::/3, and the IPv4-mapped,
 * IPv4-compatible, NAT64 and 6to4 forms of a refused IPv4 address. Text that is not a canonical IP
 * address is `'invalid'` (and refused).
 *
 * @example
 * ```ts
 * import { classifyAddress } from '@gatehouse/registration';
 *
 * classifyAddress('93.184.215.14'); // 'public'
 * classifyAddress('127.0.0.1'); // 'loopback'
 * classifyAddress('::ffff:10.0.0.1'); // 'ipv4Mapped:private'
 * classifyAddress('fd00::1'); // 'uniqueLocal'
 * ```
 */
export function classifyAddress(address: string): AddressRange {
  if (typeof address !== 'string') return 'invalid';
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return classifyIPv4(ipaddr.IPv4.parse(address));
  const canonical = canonicalIPv6(address);
  return canonical === undefined ? 'invalid' : classifyIPv6(ipaddr.IPv6.parse(canonical));
}

/**
 * Whether a server may connect to `address` when fetching a URL an untrusted party chose: true only
 * for public unicast addresses (see {@link classifyAddress}).
 *
 * @example
 * ```ts
 * import { isPublicAddress } from '@gatehouse/registration';
 * isPublicAddress('169.254.169.254'); // false: cloud metadata service (link-local)
 * ```
 */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
