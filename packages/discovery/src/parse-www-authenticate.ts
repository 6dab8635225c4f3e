import { Parser } from './internal/www-authenticate-parser.js';

/**
 * One challenge of a `WWW-Authenticate` header (RFC 9110 section 11.6.1). The scheme and the parameter
 * names are lowercased (both are case-insensitive); values are unescaped. `params` has no prototype, so
 * a parameter named `__proto__` or `constructor` is just a parameter.
 */
export interface AuthChallenge {
  /** The auth-scheme, lowercased: `bearer`, `basic`, `dpop`, ... */
  readonly scheme: string;
  /** The token68 form, when the challenge carries one instead of parameters. */
  readonly token68?: string;
  /** The auth-params by lowercased name. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a `WWW-Authenticate` header value with the full RFC 9110 grammar: several challenges in one
 * value (or several header lines, passed as an array), token68, tokens and quoted strings with
 * escapes, optional whitespace, empty list elements, case-insensitive scheme and parameter names.
 *
 * The parser is a single linear scan (no regular expressions), so hostile input cannot make it
 * backtrack: a 1 MB header is read in one pass. Malformed input throws a {@link DiscoveryError}: `ERR_DISCOVERY_WWW_AUTHENTICATE_SYNTAX`,
 * or `ERR_DISCOVERY_WWW_AUTHENTICATE_DUPLICATE_PARAM` for a parameter that appears twice in one
 * challenge (RFC 9110 forbids it; taking either copy could be exploited). An empty header yields `[]`.
 *
 * @example
 * ```ts
 * import { parseWwwAuthenticate } from '@gatehouse/discovery';
 *
 * parseWwwAuthenticate('Basic realm="x", Bearer error="invalid_token", scope="a b"');
 * // [
 * //   { scheme: 'basic', params: { realm: 'x' } },
 * //   { scheme: 'bearer', params: { error: 'invalid_token', scope: 'a b' } },
 * // ]
 * ```
 */
export function parseWwwAuthenticate(header: string | readonly string[]): AuthChallenge[] {
  const text = typeof header === 'string' ? header : joinLines(header);
  return new Parser(text).challenges();
}

function joinLines(lines: readonly string[]): string {
  if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) {
    throw new TypeError('parseWwwAuthenticate: header must be a string or an array of strings');
  }
  return lines.join(', ');
}
