import { DiscoveryError } from './errors.js';
import { parseUrl } from './internal/parse-url.js';

/**
 * The RFC 8707 canonical form of a resource identifier (the MCP server URI that access tokens are
 * bound to): an absolute URI with lowercase scheme and host, no default port, no fragment, no
 * userinfo, uppercase percent-encodings with unreserved characters decoded (RFC 3986 6.2.2), and no
 * trailing slash unless the path is only `/`. A query is kept.
 *
 * Throws a {@link DiscoveryError} `ERR_DISCOVERY_RESOURCE_INVALID` for a relative or unparseable URI,
 * one with a fragment (RFC 8707 2 forbids it) or with userinfo.
 *
 * @example
 * ```ts
 * import { canonicalResourceUri } from '@gatehouse/discovery';
 *
 * canonicalResourceUri('HTTPS://MCP.Example.com:443/mcp/'); // 'https://mcp.example.com/mcp'
 * canonicalResourceUri('https://mcp.example.com'); // 'https://mcp.example.com/'
 * ```
 */
export function canonicalResourceUri(uri: string | URL): string {
  const text = uri instanceof URL ? uri.href : uri;
  if (typeof text !== 'string') {
    throw new TypeError('canonicalResourceUri: uri must be a string or a URL');
  }
  const url = parseUrl(text);
  if (url === undefined) fail('is not an absolute URI');
  if (url.hash !== '' || text.includes('#')) fail('has a fragment');
  if (url.username !== '' || url.password !== '') fail('has userinfo');
  if (url.host === '' && (url.protocol === 'http:' || url.protocol === 'https:')) {
    fail('has no host');
  }
  const path = normalizePercentEncoding(url.pathname);
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 0x2f) end--;
  url.pathname = path.slice(0, end);
  if (url.search !== '') url.search = normalizePercentEncoding(url.search);
  return url.href;
}

/**
 * Whether two resource identifiers are the same resource: equal canonical forms
 * ({@link canonicalResourceUri}). Either side may be one identifier (a string or a `URL`) or a list
 * of them, as a JWT `aud` often is: the answer is `true` when some identifier of `a` is the same
 * resource as some identifier of `b`.
 *
 * Never throws. An identifier that is not an absolute URI (a relative URI, one with a fragment or
 * userinfo, or a non-URI audience such as `my-api`) matches nothing, not even itself; in a list it
 * matches nothing while the other elements still count. A list with an element that is neither a
 * string nor a `URL` (a malformed `aud`), an empty list, and any other value match nothing at all.
 *
 * @example
 * ```ts
 * import { isSameResource } from '@gatehouse/discovery';
 *
 * isSameResource('https://MCP.example.com/mcp/', 'https://mcp.example.com/mcp'); // true
 * isSameResource('https://mcp.example.com/mcp', 'https://mcp.example.com/mcp2'); // false
 * isSameResource('https://mcp.example.com/mcp#x', 'https://mcp.example.com/mcp'); // false
 * isSameResource(['https://other.example/api', 'https://mcp.example.com/mcp'], 'https://mcp.example.com/mcp'); // true
 * isSameResource(['https://mcp.example.com/mcp', 42], 'https://mcp.example.com/mcp'); // false: malformed list
 * ```
 */
export function isSameResource(a: unknown, b: unknown): boolean {
  const left = canonicalForms(a);
  if (left.length === 0) return false;
  const right = canonicalForms(b);
  return right.some((value) => left.includes(value));
}

/** The canonical forms of one identifier or a list of them; none for a malformed value. */
function canonicalForms(value: unknown): string[] {
  if (!Array.isArray(value)) {
    const single = tryCanonical(value);
    return single === undefined ? [] : [single];
  }
  const forms: string[] = [];
  for (const element of value as unknown[]) {
    if (typeof element !== 'string' && !(element instanceof URL)) return [];
    const form = tryCanonical(element);
    if (form !== undefined) forms.push(form);
  }
  return forms;
}

function tryCanonical(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(value instanceof URL)) return undefined;
  try {
    return canonicalResourceUri(value);
  } catch {
    return undefined;
  }
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Uppercases percent-encoded octets and decodes the ones that stand for unreserved characters. */
function normalizePercentEncoding(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/%[0-9A-Fa-f]{2}/g, (match) => {
    const char = String.fromCharCode(Number.parseInt(match.slice(1), 16));
    return UNRESERVED.test(char) ? char : match.toUpperCase();
  });
}

function fail(reason: string): never {
  throw new DiscoveryError('ERR_DISCOVERY_RESOURCE_INVALID', `resource identifier ${reason}`, {
    field: 'resource',
  });
}
