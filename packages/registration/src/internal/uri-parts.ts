/** The authority of a URI as written (not as a URL parser normalises it). */
export interface RawAuthority {
  /** Everything before the last `@`, if there is one (even empty). */
  userinfo: string | undefined;
  /** The host as written: a name, an IPv4 literal or a bracketed IPv6 literal. */
  host: string;
  /** The port digits as written, or undefined when there is no `:port`. */
  port: string | undefined;
}

/**
 * Splits the authority out of `scheme://authority/...` as written. Undefined when there is no `//`
 * authority. Works on the raw string so that exact-match rules see exactly what was registered.
 */
export function splitAuthority(uri: string): RawAuthority | undefined {
  const start = uri.indexOf('://');
  if (start < 0) return undefined;
  const rest = uri.slice(start + 3);
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
