/** What an `Authorization` header value holds, as far as Bearer authentication goes. */
export type AuthorizationParse =
  | { kind: 'bearer'; token: string }
  | { kind: 'other-scheme' }
  | { kind: 'malformed' };

// RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: |$)/;

/** Parses an `Authorization` header value (RFC 6750 section 2.1, RFC 9110 section 11.6.2). */
export function parseAuthorization(value: string): AuthorizationParse {
  const scheme = SCHEME.exec(value)?.[1];
  if (scheme === undefined) return { kind: 'malformed' };
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'other-scheme' };
  const token = BEARER.exec(value)?.[1];
  return token === undefined ? { kind: 'malformed' } : { kind: 'bearer', token };
}
