import {
  classifyAddress,
  MetadataDocumentError,
  type PinnedFetch,
  type ResolveHost,
} from '@gatehouse/registration';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** Largest `jwks_uri` document read (10 RSA-4096 keys fit). */
const MAX_JWKS_BYTES = 16_384;
const TIMEOUT_MS = 3000;
/** How long a fetched key set is reused; an unknown `kid` refetches once this much has passed. */
const CACHE_SECONDS = 300;
const REFETCH_AFTER_SECONDS = 30;
/** Most key sets kept; the oldest is dropped first. */
const MAX_ENTRIES = 1000;

/** Options of {@link createClientJwksFetcher}. */
export interface ClientJwksFetcherOptions {
  fetch: PinnedFetch;
  resolveHost: ResolveHost;
  /** Test mode: exact https origins exempt from the address check (as for CIMD). */
  allowPrivateOrigins: readonly string[];
}

/**
 * Fetches a client's `jwks_uri` for `private_key_jwt` along the same path as a metadata document:
 * https only, the host resolved and *every* address checked (`classifyAddress`: no loopback, private,
 * link-local... unless the origin is in the test allow-list), the connection pinned to a checked
 * address, no redirects, 16 KB cap, 3 s budget. Key sets are cached for 5 minutes; an unknown `kid`
 * refetches at most every 30 s. Failures reject with a `MetadataDocumentError` and are never cached.
 *
 * Candidate for `@gatehouse/registration` (the package keeps its resolve-check-pin helpers internal).
 */
export function createClientJwksFetcher(options: ClientJwksFetcherOptions) {
  const cache = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();

  async function fetchKeys(uri: string): Promise<JSONWebKeySet> {
    const url = new URL(uri);
    if (url.protocol !== 'https:') {
      throw new MetadataDocumentError('ERR_CIMD_URL_NOT_HTTPS', 'jwks_uri must be https');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: readonly string[];
    try {
      addresses = classifyAddress(host) === 'invalid' ? await options.resolveHost(host) : [host];
    } catch (cause) {
      throw new MetadataDocumentError('ERR_CIMD_DNS_FAILED', `resolving ${host} failed`, { cause });
    }
    const exempt = options.allowPrivateOrigins.includes(url.origin);
    const first = addresses[0];
    if (first === undefined) {
      throw new MetadataDocumentError('ERR_CIMD_DNS_FAILED', `${host} has no address`);
    }
    for (const address of addresses) {
      const range = classifyAddress(address);
      if (range === 'invalid' || (range !== 'public' && !exempt)) {
        throw new MetadataDocumentError('ERR_CIMD_ADDRESS_BLOCKED', `${host} is not public`);
      }
    }
    const response = await options.fetch({
      url: uri,
      address: first,
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_JWKS_BYTES,
    });
    if (response.status !== 200) {
      throw new MetadataDocumentError('ERR_CIMD_STATUS', `jwks_uri answered ${response.status}`);
    }
    const type = (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim() ?? '';
    if (!/^application\/(?:jwk-set\+)?json$/i.test(type)) {
      throw new MetadataDocumentError('ERR_CIMD_CONTENT_TYPE', 'jwks_uri must serve JSON');
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
    } catch (cause) {
      throw new MetadataDocumentError('ERR_CIMD_JSON', 'jwks_uri is not valid JSON', { cause });
    }
    const keys = (json as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) {
      throw new MetadataDocumentError('ERR_CIMD_METADATA_INVALID', 'jwks_uri is not a JWK Set');
    }
    return { keys: keys.filter((key) => typeof key === 'object' && key !== null && !('d' in key)) };
  }

  function remember(uri: string, entry: { keys: JSONWebKeySet; fetchedAt: number }): void {
    cache.delete(uri);
    if (cache.size >= MAX_ENTRIES) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(uri, entry);
  }

  /** The key lookup for `jose.jwtVerify` over the client's `jwks_uri`. */
  return async function keysFor(uri: string, now: number): Promise<JWTVerifyGetKey> {
    let entry = cache.get(uri);
    if (entry === undefined || entry.fetchedAt + CACHE_SECONDS <= now) {
      entry = { keys: await fetchKeys(uri), fetchedAt: now };
      remember(uri, entry);
    }
    const local = createLocalJWKSet(entry.keys);
    const current = entry;
    return async (header, token) => {
      try {
        return await local(header, token);
      } catch (error) {
        if (current.fetchedAt + REFETCH_AFTER_SECONDS > now) throw error;
        const fresh = { keys: await fetchKeys(uri), fetchedAt: now };
        remember(uri, fresh);
        return createLocalJWKSet(fresh.keys)(header, token);
      }
    };
  };
}

/** What {@link createClientJwksFetcher} returns. */
export type ClientJwksFetcher = ReturnType<typeof createClientJwksFetcher>;
