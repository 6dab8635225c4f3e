/** The authority of a URI as written (not as a URL parser normalises it). */
export interface RawAuthority {
  /** Everything before the last `@`, if there is one (even empty). */
  userinfo: string | undefined;
  /** The host as written: a name, an IPv4 literal or a bracketed IPv6 literal. */
  host: string;
  /** The port digits as written, or undefined when there is no `:port`. */
  port: string | undefined;
}

/** A scheme followed at once by `//`: only then does an authority follow (RFC 3986 section 3). */
const SCHEME_AND_SLASHES = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Splits the authority out of `scheme://authority/...` as written. Undefined when the scheme is not
 * followed at once by `//` (`http:evil.example/?x=://127.0.0.1` has no authority here, however a
 * lenient URL parser reads it, and a `://` later in the path or query is not one). Works on the raw
 * string so that exact-match rules see exactly what was registered.
 */
export function splitAuthority(uri: string): RawAuthority | undefined {
  const start = SCHEME_AND_SLASHES.exec(uri);
  if (start === null) return undefined;
  const rest = uri.slice(start[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  const portMatch = /:(\d*)$/.exec(hostPort);
  const host = portMatch && !hostPort.endsWith(']') ? hostPort.slice(0, portMatch.index) : hostPort;
  const port = portMatch && !hostPort.endsWith(']') ? portMatch[1] : undefined;
  return { userinfo, host, port };
}
