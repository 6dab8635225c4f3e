import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress } from './index.js';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'teredo'],
    ['100::1', 'discard'],
    ['::ffff:127.0.0.1', 'ipv4Mapped:loopback'],
    ['::ffff:7f00:1', 'ipv4Mapped:loopback'],
    ['::ffff:10.1.2.3', 'ipv4Mapped:private'],
    ['::ffff:169.254.169.254', 'ipv4Mapped:linkLocal'],
    ['::127.0.0.1', 'reserved'],
    ['::8.8.8.8', 'reserved'],
    ['::ffff:0:127.0.0.1', 'rfc6145'],
    ['64:ff9b::127.0.0.1', 'rfc6052:loopback'],
    ['64:ff9b::10.0.0.1', 'rfc6052:private'],
    ['64:ff9b:1::8.8.8.8', 'rfc6052'],
    ['2002:7f00:1::', '6to4:loopback'],
    ['2002:a9fe:a9fe::1', '6to4:linkLocal'],
    ['4000::1', 'reserved'],
    ['fe80::1%eth0', 'invalid'],
    ['localhost', 'invalid'],
    ['127.1', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['2130706433', 'invalid'],
    ['', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  // Every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries, each refused whatever
  // its "globally reachable" flag says (a document server never needs one of these), plus the
  // deprecated site-local and IPv4-compatible ranges that the registries no longer list.
  it.each([
    ['0.0.0.0/8 this network', '0.255.255.255'],
    ['10.0.0.0/8 private', '10.255.255.255'],
    ['100.64.0.0/10 shared address space', '100.100.100.100'],
    ['127.0.0.0/8 loopback', '127.1.2.3'],
    ['169.254.0.0/16 link local', '169.254.0.1'],
    ['172.16.0.0/12 private', '172.31.0.1'],
    ['192.0.0.0/24 IETF protocol assignments', '192.0.0.255'],
    ['192.0.0.0/29 DS-Lite', '192.0.0.1'],
    ['192.0.0.8/32 IPv4 dummy address', '192.0.0.8'],
    ['192.0.0.9/32 PCP anycast', '192.0.0.9'],
    ['192.0.0.10/32 TURN anycast', '192.0.0.10'],
    ['192.0.0.170/32 NAT64/DNS64 discovery', '192.0.0.170'],
    ['192.0.0.171/32 NAT64/DNS64 discovery', '192.0.0.171'],
    ['192.0.2.0/24 TEST-NET-1', '192.0.2.255'],
    ['192.31.196.0/24 AS112-v4', '192.31.196.1'],
    ['192.52.193.0/24 AMT', '192.52.193.1'],
    ['192.88.99.0/24 6to4 relay anycast', '192.88.99.2'],
    ['192.168.0.0/16 private', '192.168.255.255'],
    ['192.175.48.0/24 AS112 direct delegation', '192.175.48.1'],
    ['198.18.0.0/15 benchmarking', '198.19.255.255'],
    ['198.51.100.0/24 TEST-NET-2', '198.51.100.255'],
    ['203.0.113.0/24 TEST-NET-3', '203.0.113.255'],
    ['240.0.0.0/4 reserved', '255.255.255.254'],
    ['255.255.255.255/32 limited broadcast', '255.255.255.255'],
    ['::1/128 loopback', '::1'],
    ['::/128 unspecified', '::'],
    ['::ffff:0:0/96 IPv4-mapped (of a refused IPv4)', '::ffff:192.0.0.170'],
    ['::/96 IPv4-compatible (deprecated)', '::1.2.3.4'],
    ['64:ff9b::/96 NAT64 (of a refused IPv4)', '64:ff9b::c0a8:101'],
    ['64:ff9b:1::/48 local-use NAT64', '64:ff9b:1:ffff::1'],
    ['100::/64 discard-only', '100::ffff:ffff:ffff:ffff'],
    ['100:0:0:1::/64 dummy prefix', '100:0:0:1::1'],
    ['2001::/23 IETF protocol assignments', '2001:1ff::1'],
    ['2001::/32 Teredo', '2001:0:ffff::1'],
    ['2001:1::1/128 PCP anycast', '2001:1::1'],
    ['2001:1::2/128 TURN anycast', '2001:1::2'],
    ['2001:1::3/128 DNS-SD SRP anycast', '2001:1::3'],
    ['2001:2::/48 benchmarking', '2001:2:0:ffff::1'],
    ['2001:3::/32 AMT', '2001:3::1'],
    ['2001:4:112::/48 AS112-v6', '2001:4:112::1'],
    ['2001:10::/28 deprecated ORCHID', '2001:10::1'],
    ['2001:20::/28 ORCHIDv2', '2001:2f::1'],
    ['2001:30::/28 drone remote ID', '2001:30::1'],
    ['2001:db8::/32 documentation', '2001:db8:ffff::1'],
    ['2002::/16 6to4 (of a refused IPv4)', '2002:c000:2ff::1'],
    ['2620:4f:8000::/48 AS112 direct delegation', '2620:4f:8000::1'],
    ['3fff::/20 documentation', '3fff:fff::1'],
    ['5f00::/16 SRv6 SIDs', '5f00::1'],
    ['fc00::/7 unique local', 'fdff::1'],
    ['fe80::/10 link-local', 'febf::1'],
    ['fec0::/10 site-local (deprecated)', 'fec0::1'],
    ['ff00::/8 multicast', 'ff0e::1'],
  ])('refuses the IANA special-purpose range %s (%s)', (_range, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('accepts public %s', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });

  it('property: every IPv4 address in a refused range is refused in its IPv6-mapped, NAT64 and 6to4 forms too', () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const publicV4 = isPublicAddress(v4);
        const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
        const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
        expect(isPublicAddress(`::ffff:${v4}`)).toBe(publicV4);
        expect(isPublicAddress(`64:ff9b::${v4}`)).toBe(publicV4);
        expect(isPublicAddress(`2002:${hex(a, b)}:${hex(c, d)}::1`)).toBe(publicV4);
        expect(isPublicAddress(`::${v4}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('property: arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV6(), fc.ipV4Extended()), (text) => {
        expect(typeof classifyAddress(text)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});
