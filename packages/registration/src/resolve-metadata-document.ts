import { resolveOptions } from '@gatehouse/errors';
import { MetadataDocumentError } from './cimd-errors.js';
import { parseClientIdUrl } from './client-id-url.js';
import { cacheLifetime } from './internal/cache-control.js';
import {
  checkPinnedJsonOptions,
  fetchPinnedJson,
  type PinnedJsonConfig,
} from './internal/pinned-json.js';
import type { MetadataDocumentCache, ResolvedMetadataDocument } from './metadata-document-cache.js';
import type { PinnedFetch, ResolveHost } from './pinned-fetch.js';
import { type RegistrationPolicy, requirePolicy } from './policy.js';
import { validateMetadataDocument } from './validate-metadata-document.js';

/**
 * The most a metadata document may weigh, in bytes (CIMD draft; MCP A17). The resolver's `maxBytes`
 * may lower it, never raise it.
 *
 * @example
 * ```ts
 * import { MAX_METADATA_DOCUMENT_BYTES } from '@gatehouse/registration';
 * MAX_METADATA_DOCUMENT_BYTES; // 5120
 * ```
 */
export const MAX_METADATA_DOCUMENT_BYTES = 5120;

/** Options of {@link resolveClientIdMetadataDocument}. */
export interface ResolveMetadataDocumentOptions {
  /** The pinned HTTPS GET (`createPinnedFetch` from `@gatehouse/registration/node`). */
  fetch: PinnedFetch;
  /** The DNS lookup (`resolveHost` from `@gatehouse/registration/node`). */
  resolveHost: ResolveHost;
  /** Rules the document's metadata must follow, as for a registration. */
  policy: RegistrationPolicy;
  /** Where successes are kept; default: no cache. */
  cache?: MetadataDocumentCache;
  /** Budget for DNS, connection and body together, in milliseconds. Default 3000. */
  timeoutMs?: number;
  /** Body cap in bytes, at most (and by default) 5120. */
  maxBytes?: number;
  /** Cache lifetime floor in seconds, also used for `no-store` / `no-cache`. Default 60. */
  minCacheSeconds?: number;
  /** Cache lifetime ceiling in seconds. Default 86,400 (a day). */
  maxCacheSeconds?: number;
  /** Cache lifetime without a `max-age`, in seconds. Default 300. */
  defaultCacheSeconds?: number;
  /**
   * Test mode: exact https origins (`https://localhost:8443`) whose addresses are exempt from the
   * special-use address check, e.g. a local test server. Every other origin, and every other check,
   * stays on. Any client can name a `client_id` on an allowed origin, so never use it in
   * production. Checked and copied when the resolver is made.
   */
  allowPrivateOrigins?: readonly string[];
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: (() => number) | undefined;
}

const DEFAULTS = {
  fetch: undefined,
  resolveHost: undefined,
  policy: undefined,
  cache: undefined,
  timeoutMs: 3000,
  maxBytes: MAX_METADATA_DOCUMENT_BYTES,
  minCacheSeconds: 60,
  maxCacheSeconds: 86_400,
  defaultCacheSeconds: 300,
  allowPrivateOrigins: [] as readonly string[],
  clock: () => Date.now(),
};

interface CheckedOptions {
  pinned: Omit<PinnedJsonConfig, 'subject'>;
  policy: RegistrationPolicy;
  cache: MetadataDocumentCache | undefined;
  lifetimes: { min: number; max: number; fallback: number };
}

function readOptions(options: ResolveMetadataDocumentOptions): CheckedOptions {
  const name = 'resolveClientIdMetadataDocument';
  const resolved = resolveOptions<ResolveMetadataDocumentOptions>(name, options, {
    defaults: DEFAULTS,
    required: ['fetch', 'resolveHost', 'policy'],
  });
  const policy = requirePolicy(name, resolved.policy);
  const pinned = checkPinnedJsonOptions(name, resolved, MAX_METADATA_DOCUMENT_BYTES);
  const { minCacheSeconds = 0, maxCacheSeconds = 0, defaultCacheSeconds = 0 } = resolved;
  for (const [key, value] of Object.entries({
    minCacheSeconds,
    maxCacheSeconds,
    defaultCacheSeconds,
  })) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`${name}: ${key} must be an integer >= 0`);
    }
  }
  if (minCacheSeconds > maxCacheSeconds) {
    throw new TypeError(`${name}: minCacheSeconds exceeds maxCacheSeconds`);
  }
  return {
    pinned,
    policy,
    cache: resolved.cache,
    lifetimes: { min: minCacheSeconds, max: maxCacheSeconds, fallback: defaultCacheSeconds },
  };
}

/**
 * Resolves a `client_id` that is a Client ID Metadata Document URL into validated client metadata,
 * safely against SSRF: the URL is checked ({@link parseClientIdUrl}); the host is resolved first and
 * *every* address checked against the special-use ranges ({@link classifyAddress}); the request is
 * then pinned to a checked address (no second lookup, so no DNS rebinding), follows no redirect, reads
 * at most 5 KB and gives up after a short timeout. The document must be JSON and pass
 * {@link validateMetadataDocument}. Successes are cached per `Cache-Control` `max-age`, kept within a
 * floor and a ceiling; failures are never cached. Throws a {@link MetadataDocumentError}.
 *
 * @example
 * ```ts
 * import { createMemoryMetadataDocumentCache, resolveClientIdMetadataDocument } from '@gatehouse/registration';
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 *
 * const cache = createMemoryMetadataDocumentCache();
 * const fetch = createPinnedFetch();
 * const client = await resolveClientIdMetadataDocument('https://app.example/oauth/client.json', {
 *   fetch, resolveHost, cache, policy,
 * });
 * client.metadata.redirect_uris;
 * ```
 */
export function resolveClientIdMetadataDocument(
  clientIdUrl: string,
  options: ResolveMetadataDocumentOptions,
): Promise<ResolvedMetadataDocument> {
  try {
    return createMetadataDocumentResolver(options)(clientIdUrl);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Resolves one `client_id` URL; made by {@link createMetadataDocumentResolver}. */
export type MetadataDocumentResolver = (clientIdUrl: string) => Promise<ResolvedMetadataDocument>;

/**
 * {@link resolveClientIdMetadataDocument} with its options checked once, for the authorization
 * endpoint's hot path. Bad options throw `TypeError` here.
 *
 * @example
 * ```ts
 * import { createMemoryMetadataDocumentCache, createMetadataDocumentResolver } from '@gatehouse/registration';
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 *
 * const resolve = createMetadataDocumentResolver({
 *   fetch: createPinnedFetch(),
 *   resolveHost,
 *   policy,
 *   cache: createMemoryMetadataDocumentCache(),
 * });
 * const client = await resolve('https://app.example/oauth/client.json');
 * ```
 */
export function createMetadataDocumentResolver(
  options: ResolveMetadataDocumentOptions,
): MetadataDocumentResolver {
  const { pinned, policy, cache, lifetimes } = readOptions(options);
  const clock = pinned.clock;

  return async (clientIdUrl) => {
    // A hit needs no URL check: entries are stored only under a URL that passed it, and the check
    // depends on nothing but the string.
    const cached = typeof clientIdUrl === 'string' ? await cache?.get(clientIdUrl) : undefined;
    if (
      cached !== undefined &&
      cached.clientId === clientIdUrl &&
      cached.expiresAt * 1000 > clock()
    ) {
      return cached;
    }
    const url = parseClientIdUrl(clientIdUrl);
    const { json, response } = await fetchPinnedJson(url, clientIdUrl, pinned);
    const { metadata, warnings } = validateMetadataDocument(json, clientIdUrl, policy);
    const fetchedAt = Math.floor(clock() / 1000);
    const ttl = cacheLifetime(response.headers.get('cache-control'), lifetimes);
    const resolved: ResolvedMetadataDocument = {
      clientId: clientIdUrl,
      metadata,
      warnings,
      fetchedAt,
      expiresAt: fetchedAt + ttl,
    };
    await cache?.set(clientIdUrl, resolved, ttl);
    return resolved;
  };
}
