/**
 * `http://127.0.0.1[:port]<rest>` or `http://[::1][:port]<rest>`, where `<rest>` is empty or starts
 * with `/` or `?`. The port, if present, is a canonical decimal port (no leading zero).
 */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::([1-9][0-9]{0,4}))?([/?].*)?$/s;

function splitLoopback(uri: string): { host: string; rest: string } | undefined {
  const match = LOOPBACK.exec(uri);
  if (match === null) return undefined;
  const [, host = '', port, rest = ''] = match;
  if (port !== undefined && Number(port) > 65535) return undefined;
  return { host, rest };
}

/**
 * Whether the `redirect_uri` of an authorization or token request matches a registered one: exact
 * string equality (OAuth 2.1 section 4.1.1, MCP A5), with the one exception of RFC 8252 section 7.3:
 * for `http://127.0.0.1` and `http://[::1]` any port matches, everything else still exact. Nothing is
 * normalised: no case folding, no trailing-slash tolerance, no default ports, no percent-decoding, no
 * query merging; `localhost` does not get the any-port rule.
 *
 * @example
 * ```ts
 * import { matchRedirectUri } from '@gatehouse/registration';
 *
 * matchRedirectUri(['https://app.example/cb'], 'https://app.example/cb'); // true
 * matchRedirectUri(['https://app.example/cb'], 'https://app.example/cb/'); // false
 * matchRedirectUri(['http://127.0.0.1/cb'], 'http://127.0.0.1:51234/cb'); // true
 * matchRedirectUri(['http://localhost:3000/cb'], 'http://localhost:3001/cb'); // false
 * ```
 */
export function matchRedirectUri(
  registered: string | readonly string[],
  requested: unknown,
): boolean {
  if (typeof requested !== 'string') return false;
  const list = typeof registered === 'string' ? [registered] : registered;
  let requestedLoopback: { host: string; rest: string } | undefined | null = null;
  for (const candidate of list) {
    if (candidate === requested) return true;
    if (!candidate.startsWith('http://')) continue;
    const registeredLoopback = splitLoopback(candidate);
    if (registeredLoopback === undefined) continue;
    if (requestedLoopback === null) requestedLoopback = splitLoopback(requested);
    if (
      requestedLoopback !== undefined &&
      requestedLoopback.host === registeredLoopback.host &&
      requestedLoopback.rest === registeredLoopback.rest
    ) {
      return true;
    }
  }
  return false;
}
