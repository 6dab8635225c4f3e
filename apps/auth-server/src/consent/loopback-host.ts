import { classifyAddress } from '@gatehouse/registration';

/**
 * Address ranges that reach this device: loopback (127.0.0.0/8, `::1`), the IPv4-mapped form of
 * 127.0.0.0/8 (`::ffff:7f00:1`), and the unspecified address (a connection to `0.0.0.0` or `::`
 * reaches the local host).
 */
const DEVICE_RANGES: ReadonlySet<string> = new Set([
  'loopback',
  'ipv4Mapped:loopback',
  'unspecified',
  'ipv4Mapped:unspecified',
]);

/** The IP address a URL hostname spells (`[::1]` gives `::1`), or undefined for a domain name. */
export function ipLiteral(hostname: string): string | undefined {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return hostname.slice(1, -1);
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) ? hostname : undefined;
}

/**
 * Whether a hostname, as `URL#hostname` spells it, names this device: `localhost` and any
 * `*.localhost` name (RFC 6761 section 6.3), with or without trailing dots, or an IP address in a
 * range that reaches this device (`classifyAddress` of `@gatehouse/registration`, which reads every
 * spelling the URL parser produces: `127.1` is `127.0.0.1`, `[::ffff:127.0.0.1]` is
 * `[::ffff:7f00:1]`).
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const address = ipLiteral(host);
  return address !== undefined && DEVICE_RANGES.has(classifyAddress(address));
}
