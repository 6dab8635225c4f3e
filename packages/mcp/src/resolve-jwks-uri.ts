import {
  type AuthorizationServerMetadata,
  authorizationServerMetadataUrls,
  parseAuthorizationServerMetadata,
} from '@gatehouse/discovery';
import { resolveOptions } from '@gatehouse/errors';
import { isLoopbackHost } from '@gatehouse/internal';
import { GatehouseMcpError } from './errors.js';
import { fetchJson } from './internal/fetch-json.js';

/** Options of {@link resolveJwksUri}. */
export interface ResolveJwksUriOptions {
  /** The fetch to use; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Timeout of each metadata request, body included, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Largest metadata document accepted, in bytes. Default 65536. */
  maxBytes?: number;
  /** Development only: accept an `http:` issuer and URLs on a loopback host. Default false. */
  allowLoopbackHttp?: boolean;
}

/** What {@link resolveJwksUri} found: what `createRemoteJwks` and `createAccessTokenVerifier` need. */
export interface ResolvedJwksUri {
  /** The issuer, exactly as given (and as the metadata states it): the verifier's `issuer`. */
  readonly issuer: string;
  /** The authorization server's `jwks_uri`: `createRemoteJwks({ uri })`. */
  readonly jwksUri: string;
  /** The whole validated metadata document (deep-frozen). */
  readonly metadata: AuthorizationServerMetadata;
}

const DEFAULTS = { fetch: undefined, timeoutMs: 5000, maxBytes: 65_536, allowLoopbackHttp: false };

/**
 * Finds an authorization server's `jwks_uri` from its issuer identifier, with the checks of
 * `@gatehouse/discovery`: the metadata URLs in the MCP order (`authorizationServerMetadataUrls`: RFC
 * 8414 first, then the OpenID Connect forms; a 4xx moves on to the next URL), and the document
 * validated by `parseAuthorizationServerMetadata` (its `issuer` must equal `issuer` exactly, the
 * mix-up defence of RFC 8414 3.3; every URL https, loopback http only with `allowLoopbackHttp`).
 * Each request: no redirects, a timeout, a size cap, `application/json`.
 *
 * Throws `TypeError` for a malformed `issuer` or options; a `GatehouseMcpError`
 * (`ERR_MCP_METADATA_*`, `ERR_MCP_JWKS_URI_MISSING`) or a `DiscoveryError`
 * (`ERR_DISCOVERY_ISSUER_MISMATCH`, `ERR_DISCOVERY_URL_INSECURE`, ...) when the metadata fails.
 *
 * @example
 * ```ts
 * import { resolveJwksUri } from '@gatehouse/mcp';
 * import { createAccessTokenVerifier, createRemoteJwks } from '@gatehouse/tokens';
 *
 * const { issuer, jwksUri } = await resolveJwksUri('https://auth.example.com');
 * const verifier = createAccessTokenVerifier({
 *   issuer,
 *   audience: 'https://mcp.example.com/mcp',
 *   algorithms: ['ES256'],
 *   jwks: createRemoteJwks({ uri: jwksUri }),
 * });
 * ```
 */
export async function resolveJwksUri(
  issuer: string,
  options?: ResolveJwksUriOptions,
): Promise<ResolvedJwksUri> {
  const settings = resolveOptions<ResolveJwksUriOptions>('resolveJwksUri', options, {
    defaults: DEFAULTS,
  });
  checkIssuer('resolveJwksUri', issuer, settings.allowLoopbackHttp === true);
  const policy = {
    fetch: settings.fetch ?? ((input: string, init: RequestInit) => fetch(input, init)),
    timeoutMs: positive('timeoutMs', settings.timeoutMs),
    maxBytes: positive('maxBytes', settings.maxBytes),
  };
  if (typeof policy.fetch !== 'function')
    throw new TypeError('resolveJwksUri: fetch must be a function');
  const urls = authorizationServerMetadataUrls(issuer);
  for (const url of urls) {
    const outcome = await fetchJson(url, policy);
    if (!outcome.found) continue;
    const metadata = parseAuthorizationServerMetadata(outcome.json, {
      expectedIssuer: issuer,
      allowLoopbackHttp: settings.allowLoopbackHttp === true,
    });
    const jwksUri = metadata.jwks_uri;
    if (typeof jwksUri !== 'string') {
      throw new GatehouseMcpError(
        'ERR_MCP_JWKS_URI_MISSING',
        `the metadata of ${issuer} has no jwks_uri`,
      );
    }
    return Object.freeze({ issuer, jwksUri, metadata });
  }
  throw new GatehouseMcpError(
    'ERR_MCP_METADATA_NOT_FOUND',
    `no authorization server metadata found at ${urls.join(', ')}`,
  );
}

/**
 * Throws TypeError unless `issuer` is an issuer identifier (RFC 8414 2): an absolute https URL (http
 * on a loopback host with `allowLoopbackHttp`) without userinfo, query or fragment.
 */
export function checkIssuer(name: string, issuer: unknown, allowLoopbackHttp: boolean): void {
  const url = typeof issuer === 'string' && URL.canParse(issuer) ? new URL(issuer) : undefined;
  const secure =
    url?.protocol === 'https:' ||
    (url?.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname));
  if (
    url === undefined ||
    !secure ||
    url.username !== '' ||
    url.password !== '' ||
    (issuer as string).includes('?') ||
    (issuer as string).includes('#')
  ) {
    throw new TypeError(
      `${name}: issuer must be an https URL without query or fragment (http only on loopback, with allowLoopbackHttp)`,
    );
  }
}

function positive(name: string, value: number | undefined): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new TypeError(`resolveJwksUri: ${name} must be a positive integer`);
  }
  return value as number;
}
