import { resolveOptions } from '@gatehouse/errors';
import { parseAuthorizationServerMetadata } from './authorization-server-metadata.js';
import type { AuthorizationServerMetadata } from './authorization-server-metadata-fields.js';
import type { DiscoveryCache } from './discovery-cache.js';
import { DiscoveryError } from './errors.js';
import { admitUrl, type FetchPolicy, fetchDocument } from './internal/fetch-document.js';
import { requireField } from './internal/fields.js';
import { assertMcpCapable } from './internal/mcp-capable.js';
import { expectedResource } from './internal/resource-match.js';
import { checkUrl } from './internal/url-policy.js';
import { type BearerChallenge, parseBearerChallenge } from './parse-bearer-challenge.js';
import { parseProtectedResourceMetadata } from './protected-resource-metadata.js';
import type { ProtectedResourceMetadata } from './protected-resource-metadata-fields.js';
import {
  authorizationServerMetadataUrls,
  protectedResourceMetadataUrls,
} from './well-known-urls.js';

/**
 * A hook that sees every URL {@link discover} is about to fetch, redirect hops included, to apply an
 * SSRF policy (block private networks, allow-list hosts). Throw or return `false` to refuse the URL.
 *
 * @example
 * ```ts
 * import type { UrlGuard } from '@gatehouse/discovery';
 * const onlyExample: UrlGuard = (url) => url.hostname.endsWith('.example.com');
 * ```
 */
export type UrlGuard = (url: URL) => boolean | undefined | Promise<boolean | undefined>;

/**
 * Options of {@link discover}.
 */
export interface DiscoverOptions {
  /** The fetch to use; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** The `WWW-Authenticate` header of the server's 401, if the client has one (`null`: none). */
  wwwAuthenticate?: string | readonly string[] | null | undefined;
  /** Timeout of each metadata request, redirects and body included. Default 5000. */
  timeoutMs?: number;
  /** Largest metadata body accepted, in bytes. Default 65536. */
  maxBytes?: number;
  /** Same-origin redirects followed per request. Default 3. */
  maxRedirects?: number;
  /** Where fetched documents are kept between calls; none by default. */
  cache?: DiscoveryCache;
  /** Upper bound on how long a cached document is reused, whatever its `max-age`. Default 3600. */
  maxCacheSeconds?: number;
  /** Sees every URL before it is fetched (SSRF policy); throw or return false to refuse it. */
  urlGuard?: UrlGuard;
  /** Development only: allow `http:` for loopback hosts. */
  allowLoopbackHttp?: boolean;
  /**
   * Accept a PRM `resource` that is a same-origin path prefix of the server URL (what the MCP SDK
   * client accepts), not only the same resource. Default false (RFC 9728 3.3).
   */
  allowResourcePrefix?: boolean;
  /** Picks the issuer to use from `authorization_servers`; default the first. */
  selectAuthorizationServer?: (issuers: readonly string[]) => string;
}

/**
 * What {@link discover} found: the resource to name in RFC 8707 `resource` parameters, and the two
 * validated documents.
 */
export interface DiscoveryResult {
  /** The PRM `resource`, to send as `resource` on authorization and token requests. */
  readonly resource: string;
  readonly protectedResource: ProtectedResourceMetadata;
  readonly authorizationServer: AuthorizationServerMetadata;
  /** The `Bearer` challenge read from `wwwAuthenticate`, when it could be read. */
  readonly challenge?: BearerChallenge;
}

const DEFAULTS = {
  fetch: undefined,
  wwwAuthenticate: undefined,
  timeoutMs: 5000,
  maxBytes: 65_536,
  maxRedirects: 3,
  cache: undefined,
  maxCacheSeconds: 3600,
  urlGuard: undefined,
  allowLoopbackHttp: false,
  allowResourcePrefix: false,
  selectAuthorizationServer: undefined,
};

/**
 * Runs the MCP client discovery chain for `mcpServerUrl` (requirements section 4):
 *
 * 1. the `resource_metadata` URL of the `Bearer` challenge in `wwwAuthenticate`, else the PRM
 *    well-known URLs (path-inserted, then root); a 4xx moves on to the next URL;
 * 2. the PRM document must name this server as its `resource` (RFC 9728 3.3);
 * 3. the authorization server is `authorization_servers[0]` (or `selectAuthorizationServer`);
 * 4. its metadata is fetched in the MCP order (RFC 8414 path-inserted, then OpenID Connect forms) and
 *    must carry exactly that `issuer`, `authorization_endpoint`, `token_endpoint`, response type
 *    `code` and PKCE `S256`.
 *
 * Every request is hardened: https only (loopback http with `allowLoopbackHttp`), the `urlGuard` on
 * every hop, same-origin redirects only, a timeout, a size cap, `application/json` required. Cached
 * documents honour `Cache-Control: max-age`, bounded by `maxCacheSeconds`, and pass the same URL rules
 * and `urlGuard` as a request before they are reused; failures are never cached.
 * Throws a {@link DiscoveryError}.
 *
 * @example
 * ```ts
 * import { discover } from '@gatehouse/discovery';
 *
 * const response = await fetch('https://mcp.example.com/mcp', { method: 'POST', body });
 * if (response.status === 401) {
 *   const { resource, authorizationServer } = await discover('https://mcp.example.com/mcp', {
 *     wwwAuthenticate: response.headers.get('www-authenticate'),
 *   });
 *   // authorize at authorizationServer.authorization_endpoint with resource=<resource>
 * }
 * ```
 */
export async function discover(
  mcpServerUrl: string | URL,
  options?: DiscoverOptions,
): Promise<DiscoveryResult> {
  const settings = resolveOptions<DiscoverOptions>('discover', options, { defaults: DEFAULTS });
  const policy = fetchPolicy(settings);
  const serverUrl = checkUrl(String(mcpServerUrl), 'mcpServerUrl', policy).href;
  const challenge = readChallenge(settings.wwwAuthenticate);
  const wellKnown = protectedResourceMetadataUrls(serverUrl);
  const fromChallenge = challenge?.resourceMetadata;
  const prmUrls =
    fromChallenge === undefined
      ? wellKnown
      : [fromChallenge, ...wellKnown.filter((url) => url !== fromChallenge)];

  const prmJson = await firstDocument(prmUrls, policy, settings);
  const protectedResource = parseProtectedResourceMetadata(prmJson, {
    expectedResource: expectedResource(prmJson, serverUrl, settings.allowResourcePrefix ?? false),
    allowLoopbackHttp: policy.allowLoopbackHttp,
  });
  const issuers = protectedResource.authorization_servers ?? [];
  if (issuers.length === 0) {
    throw new DiscoveryError(
      'ERR_DISCOVERY_NO_AUTHORIZATION_SERVER',
      'the protected resource names no authorization server',
      { field: 'authorization_servers' },
    );
  }
  const issuer = settings.selectAuthorizationServer?.(issuers) ?? issuers[0];
  if (typeof issuer !== 'string' || !issuers.includes(issuer)) {
    throw new TypeError('discover: selectAuthorizationServer must return one of the issuers');
  }

  const asJson = await firstDocument(authorizationServerMetadataUrls(issuer), policy, settings);
  const authorizationServer = parseAuthorizationServerMetadata(asJson, {
    expectedIssuer: issuer,
    allowLoopbackHttp: policy.allowLoopbackHttp,
  });
  requireField(authorizationServer, 'authorization_endpoint');
  requireField(authorizationServer, 'token_endpoint');
  assertMcpCapable(authorizationServer);

  const result = { resource: protectedResource.resource, protectedResource, authorizationServer };
  return Object.freeze(challenge === undefined ? result : { ...result, challenge });
}

function fetchPolicy(settings: Readonly<DiscoverOptions>): FetchPolicy {
  const { timeoutMs = 0, maxBytes = 0, maxRedirects = -1, maxCacheSeconds = -1 } = settings;
  for (const [name, value, min] of [
    ['timeoutMs', timeoutMs, 1],
    ['maxBytes', maxBytes, 1],
    ['maxRedirects', maxRedirects, 0],
    ['maxCacheSeconds', maxCacheSeconds, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new TypeError(`discover: ${name} must be an integer >= ${min}`);
    }
  }
  const fetchFn = settings.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new TypeError('discover: no fetch available');
  return {
    fetch: fetchFn,
    timeoutMs,
    maxBytes,
    maxRedirects,
    allowLoopbackHttp: settings.allowLoopbackHttp === true,
    urlGuard: settings.urlGuard,
  };
}

/** The Bearer challenge, or nothing when the header is absent or unreadable (then well-known URLs). */
function readChallenge(
  header: string | readonly string[] | null | undefined,
): BearerChallenge | undefined {
  if (header === undefined || header === null) return undefined;
  try {
    return parseBearerChallenge(header);
  } catch (error) {
    if (DiscoveryError.isInstance(error)) return undefined;
    throw error;
  }
}

/** The first document found among `urls`, through the cache. */
async function firstDocument(
  urls: readonly string[],
  policy: FetchPolicy,
  settings: Readonly<DiscoverOptions>,
): Promise<unknown> {
  const { cache, maxCacheSeconds = 0 } = settings;
  for (const url of urls) {
    const cached = await cache?.get(url);
    if (cached !== undefined && cached.expiresAt > Date.now()) {
      // No fetch, but the same admission: https, then the URL guard, as for a request.
      await admitUrl(url, policy);
      return cached.json;
    }
    const outcome = await fetchDocument(url, policy);
    if (!outcome.found) continue;
    const seconds = Math.min(outcome.maxAgeSeconds ?? 0, maxCacheSeconds);
    if (cache !== undefined && seconds > 0) {
      await cache.set(url, { json: outcome.json, expiresAt: Date.now() + seconds * 1000 });
    }
    return outcome.json;
  }
  throw new DiscoveryError('ERR_DISCOVERY_NOT_FOUND', `no metadata found at ${urls.join(', ')}`);
}
