import { isOAuthErrorCode, type OAuthErrorCode } from '@gatehouse/errors';
import { toDescriptionCharset } from '@gatehouse/internal';
import { DiscoveryError } from './errors.js';
import { isScopeToken } from './internal/http-chars.js';

/**
 * The auth-params of a `Bearer` challenge (RFC 6750 section 3, RFC 9728 section 5.1).
 */
export interface BearerChallengeParams {
  /** The URL of the protected resource metadata document (RFC 9728 `resource_metadata`). */
  resourceMetadata?: string;
  /** Every scope the request needs: a space-separated string or a list of scope tokens. */
  scope?: string | readonly string[];
  /** The OAuth error code; absent for a request that carried no token (MCP R4). */
  error?: OAuthErrorCode;
  /** Human-readable text for developers; cut to the RFC 6750 character set. */
  errorDescription?: string;
  /** The protection space (RFC 9110 `realm`). */
  realm?: string;
}

/**
 * Formats a `WWW-Authenticate` header value for a `Bearer` challenge: one line, each auth-param at
 * most once, values as RFC 9110 quoted strings.
 *
 * Parameter order follows the MCP specification examples: `realm`, then `error`; without an error
 * `resource_metadata` comes before `scope`, with one `scope` comes first; `error_description` last.
 * A `scope` must consist of RFC 6749 scope-tokens (%x21 / %x23-5B / %x5D-7E) separated by single
 * spaces; duplicates and `offline_access` (MCP R3: never in a challenge) are dropped, and an empty
 * scope is left out. A broken scope, or a `realm` or
 * `resource_metadata` with a control or non-ASCII character, throws a {@link DiscoveryError}
 * (`ERR_DISCOVERY_CHALLENGE_SCOPE_INVALID`, `ERR_DISCOVERY_CHALLENGE_PARAM_INVALID`): a header is
 * never built from text that could split it. `errorDescription` may quote client input, so it is
 * reduced to the RFC 6750 character set instead (`"` becomes `'`, `\` becomes `/`, others `?`) and
 * cut to 512 characters.
 *
 * @example
 * ```ts
 * import { formatBearerChallenge } from '@gatehouse/discovery';
 *
 * formatBearerChallenge({
 *   resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource',
 *   scope: 'files:read',
 * });
 * // 'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", scope="files:read"'
 *
 * formatBearerChallenge({ error: 'insufficient_scope', scope: ['files:read', 'files:write'] });
 * // 'Bearer error="insufficient_scope", scope="files:read files:write"'
 * ```
 */
export function formatBearerChallenge(params: BearerChallengeParams): string {
  if (typeof params !== 'object' || params === null) {
    throw new TypeError('formatBearerChallenge: params must be an object');
  }
  const { resourceMetadata, scope, error, errorDescription, realm } = params;
  if (error !== undefined && !isOAuthErrorCode(error)) {
    throw new TypeError('formatBearerChallenge: error must be an OAuth error code');
  }
  const parts: string[] = [];
  if (realm !== undefined) parts.push(`realm=${quote(realm, 'realm')}`);
  if (error !== undefined) parts.push(`error="${error}"`);
  const scopeText = scope === undefined ? '' : formatScope(scope);
  const scopePart = scopeText === '' ? undefined : `scope="${scopeText}"`;
  const metadataPart =
    resourceMetadata === undefined
      ? undefined
      : `resource_metadata=${quote(resourceMetadata, 'resource_metadata')}`;
  if (error === undefined) {
    if (metadataPart) parts.push(metadataPart);
    if (scopePart) parts.push(scopePart);
  } else {
    if (scopePart) parts.push(scopePart);
    if (metadataPart) parts.push(metadataPart);
  }
  if (errorDescription !== undefined && errorDescription !== '') {
    if (typeof errorDescription !== 'string') {
      throw new TypeError('formatBearerChallenge: errorDescription must be a string');
    }
    parts.push(`error_description="${toDescriptionCharset(errorDescription)}"`);
  }
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}

const OFFLINE_ACCESS = 'offline_access';

/** The space-separated scope string, checked against RFC 6749 section 3.3 and deduplicated. */
function formatScope(scope: string | readonly string[]): string {
  let tokens: readonly string[];
  if (typeof scope === 'string') {
    if (scope === '') return '';
    tokens = scope.split(' ');
  } else if (Array.isArray(scope)) {
    tokens = scope;
  } else {
    throw new TypeError('formatBearerChallenge: scope must be a string or an array of strings');
  }
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (typeof token !== 'string' || !isScopeToken(token)) {
      throw new DiscoveryError(
        'ERR_DISCOVERY_CHALLENGE_SCOPE_INVALID',
        'scope must be scope-tokens (%x21 / %x23-5B / %x5D-7E) separated by single spaces',
        { field: 'scope' },
      );
    }
    // R3: offline_access is never challenged for (a resource server does not hand out refresh rights).
    if (token === OFFLINE_ACCESS) continue;
    if (tokens.length > 16 || tokens.indexOf(token) === i) {
      out = out === '' ? token : `${out} ${token}`;
    }
  }
  return tokens.length > 16 ? [...new Set(out.split(' '))].join(' ') : out;
}

/** An RFC 9110 quoted-string; only HTAB, SP and visible ASCII can be carried. */
function quote(value: string, field: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`formatBearerChallenge: ${field} must be a string`);
  }
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) {
      out += `${value.slice(start, i)}\\`;
      start = i;
    } else if ((code < 0x20 && code !== 0x09) || code > 0x7e) {
      throw new DiscoveryError(
        'ERR_DISCOVERY_CHALLENGE_PARAM_INVALID',
        `${field} may only hold visible ASCII, space and tab`,
        { field },
      );
    }
  }
  return `${out}${value.slice(start)}"`;
}
