import { ScopeError } from './errors.js';

/**
 * `uri` itself when it is an absolute URL already in its WHATWG canonical form (`new URL(uri).href
 * === uri`); otherwise throws a {@link ScopeError} (`invalid_request`): `ERR_SCOPE_URI_INVALID` for a
 * value that is not an absolute URL, `ERR_SCOPE_URI_NOT_CANONICAL` for one the URL parser would
 * rewrite (dot segments, also `%2e` forms; `\` for `/`; an upper-case scheme or host; an explicit
 * default port; a missing `/` path; surrounding spaces).
 *
 * The MCP SDK serves `resources/read` for `new URL(uri).href`, so a guard deciding on the raw string
 * could authorize one resource while the SDK serves another (`…/public/../customer-data/42`).
 * Refusing every URI whose canonical form differs makes the checked string and the served one the
 * same; the client's request is never silently rewritten. Percent-encoded characters the parser keeps
 * (such as `%2F`) are part of the canonical form and stay as they are on both sides.
 *
 * @example
 * ```ts
 * import { requireCanonicalUri } from '@gatehouse/scopes';
 *
 * requireCanonicalUri('https://example.com/public/a.md'); // 'https://example.com/public/a.md'
 * requireCanonicalUri('https://example.com/public/../customer-data/42'); // throws ERR_SCOPE_URI_NOT_CANONICAL
 * ```
 */
export function requireCanonicalUri(uri: unknown): string {
  if (typeof uri !== 'string' || uri.length === 0) {
    throw new ScopeError(
      'ERR_SCOPE_URI_INVALID',
      'a resource URI must be a non-empty string',
      'invalid_request',
    );
  }
  let href: string;
  try {
    href = new URL(uri).href;
  } catch {
    throw new ScopeError(
      'ERR_SCOPE_URI_INVALID',
      'the resource URI is not an absolute URL',
      'invalid_request',
    );
  }
  if (href !== uri) {
    throw new ScopeError(
      'ERR_SCOPE_URI_NOT_CANONICAL',
      'the resource URI is not in canonical form (no dot segments or backslashes, lower-case scheme and host, no default port): send it as the URL parser serializes it',
      'invalid_request',
    );
  }
  return uri;
}

/**
 * Whether `uri` is an absolute URL in canonical form (see {@link requireCanonicalUri}); never throws.
 *
 * @example
 * ```ts
 * import { isCanonicalUri } from '@gatehouse/scopes';
 *
 * isCanonicalUri('https://example.com/a'); // true
 * isCanonicalUri('https://EXAMPLE.com:443/a'); // false
 * ```
 */
export function isCanonicalUri(uri: unknown): uri is string {
  if (typeof uri !== 'string' || uri.length === 0) return false;
  try {
    return new URL(uri).href === uri;
  } catch {
    return false;
  }
}
