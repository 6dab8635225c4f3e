import { RegistrationError } from './errors.js';
import { splitAuthority } from './internal/uri-parts.js';

/** OpenID Connect `application_type`: what kind of redirect URIs a client may register. */
export type ApplicationType = 'web' | 'native';

/**
 * What a valid redirect URI is: `https`, loopback `http` (`127.0.0.1`, `[::1]`, or `localhost` when
 * allowed; RFC 8252 section 7.3) or a private-use scheme such as `com.example.app:/cb` (RFC 8252
 * section 7.1).
 */
export type RedirectUriKind = 'https' | 'loopback' | 'private-use';

/** Options of {@link validateRedirectUri}. */
export interface RedirectUriOptions {
  /** `web`: https only. `native`: loopback http or a private-use scheme. Absent: any valid kind. */
  applicationType?: ApplicationType | undefined;
  /**
   * Whether `http://localhost` counts as loopback. RFC 8252 section 8.3 discourages it, but many MCP
   * clients register it. Default true. It never gets the any-port rule of {@link matchRedirectUri}.
   */
  allowLocalhost?: boolean | undefined;
  /** Longest accepted URI, in characters. Default 2000. */
  maxLength?: number | undefined;
}

/** The URI characters of RFC 3986 (no spaces, controls, backslashes, quotes or non-ASCII). */
const URI_CHARSET = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const DANGEROUS_SCHEMES: ReadonlySet<string> = new Set([
  'javascript',
  'data',
  'file',
  'vbscript',
  'blob',
  'about',
  'filesystem',
]);
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '[::1]']);

function fail(code: ConstructorParameters<typeof RegistrationError>[0], why: string): never {
  throw new RegistrationError(code, `redirect_uri ${why}`);
}

/**
 * Checks one redirect URI for registration and says which kind it is. Refused, each with its own
 * code (`invalid_redirect_uri`): not a string, too long, characters outside RFC 3986 (spaces, `\`,
 * non-ASCII), relative, a fragment, userinfo, a `*` wildcard, `javascript:` / `data:` / `file:` /
 * `vbscript:` (and `blob:`, `about:`, `filesystem:`), an upper-case scheme, `http` on a non-loopback
 * host, a private-use scheme without a `.` (RFC 8252 7.1), or a kind the `applicationType` forbids.
 *
 * @example
 * ```ts
 * import { validateRedirectUri } from '@gatehouse/registration';
 *
 * validateRedirectUri('https://app.example/callback'); // 'https'
 * validateRedirectUri('http://127.0.0.1:8080/cb', { applicationType: 'native' }); // 'loopback'
 * validateRedirectUri('http://app.example/cb'); // throws ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP
 * ```
 */
export function validateRedirectUri(
  uri: unknown,
  options: RedirectUriOptions = {},
): RedirectUriKind {
  const maxLength = options.maxLength ?? 2000;
  if (typeof uri !== 'string') fail('ERR_REGISTRATION_REDIRECT_URI_TYPE', 'must be a string');
  if (uri.length > maxLength) {
    fail('ERR_REGISTRATION_REDIRECT_URI_TOO_LONG', `is over ${maxLength} characters`);
  }
  if (!URI_CHARSET.test(uri)) {
    fail('ERR_REGISTRATION_REDIRECT_URI_CHARSET', 'has a character not allowed in a URI');
  }
  if (uri.includes('#')) fail('ERR_REGISTRATION_REDIRECT_URI_FRAGMENT', 'must not have a fragment');
  if (uri.includes('*')) fail('ERR_REGISTRATION_REDIRECT_URI_WILDCARD', 'must not contain `*`');
  const scheme = SCHEME.exec(uri)?.[1];
  if (scheme === undefined) fail('ERR_REGISTRATION_REDIRECT_URI_RELATIVE', 'must be absolute');
  if (DANGEROUS_SCHEMES.has(scheme.toLowerCase())) {
    fail('ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME', `must not use the ${scheme}: scheme`);
  }
  if (scheme !== scheme.toLowerCase()) {
    fail('ERR_REGISTRATION_REDIRECT_URI_SCHEME', 'scheme must be lower case');
  }
  if (!URL.canParse(uri)) fail('ERR_REGISTRATION_REDIRECT_URI_MALFORMED', 'is not a valid URI');
  const authority = splitAuthority(uri);
  if (authority?.userinfo !== undefined) {
    fail('ERR_REGISTRATION_REDIRECT_URI_USERINFO', 'must not contain userinfo');
  }
  const kind = kindOf(scheme, authority?.host, options.allowLocalhost ?? true);
  const type = options.applicationType;
  if (type === 'web' && kind !== 'https') {
    fail('ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE', 'of a web client must use https');
  }
  if (type === 'native' && kind === 'https') {
    fail(
      'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE',
      'of a native client must be loopback http or a private-use scheme',
    );
  }
  return kind;
}

function kindOf(
  scheme: string,
  host: string | undefined,
  allowLocalhost: boolean,
): RedirectUriKind {
  if (scheme === 'https') {
    if (!host) fail('ERR_REGISTRATION_REDIRECT_URI_MALFORMED', 'must have a host');
    return 'https';
  }
  if (scheme === 'http') {
    if (
      host !== undefined &&
      (LOOPBACK_HOSTS.has(host) || (allowLocalhost && host === 'localhost'))
    ) {
      return 'loopback';
    }
    fail('ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP', 'may use http only on a loopback host');
  }
  if (!scheme.includes('.')) {
    fail(
      'ERR_REGISTRATION_REDIRECT_URI_SCHEME',
      'with a private-use scheme must use a reverse domain name (com.example.app:)',
    );
  }
  return 'private-use';
}
