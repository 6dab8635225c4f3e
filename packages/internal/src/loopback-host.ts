/**
 * Whether `hostname` (as `URL#hostname` spells it) is a loopback host: `localhost`, `[::1]` or an
 * address in 127.0.0.0/8. Only for allowing plain `http:` in development; redirect URIs follow
 * their own RFC 8252 rule.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL('http://127.0.0.1:8080/').hostname); // true
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}
