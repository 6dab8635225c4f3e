import {
  createClientJwksFetcher as createPackageFetcher,
  type ClientJwksFetcher as FetchClientJwks,
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
 * The `private_key_jwt` key lookup over a client's `jwks_uri`. Fetching is the registration
 * package's `createClientJwksFetcher`: the same resolve, check-every-address, pin, no-redirect, cap
 * path as a metadata document (16 KB, 3 s); private key material refused. This module only caches:
 * key sets are reused for 5 minutes, and an unknown `kid` refetches at most every 30 s. Failures
 * reject with a `MetadataDocumentError` and are never cached.
 */
export function createClientJwksFetcher(options: ClientJwksFetcherOptions) {
  const fetchJwks: FetchClientJwks = createPackageFetcher({
    fetch: options.fetch,
    resolveHost: options.resolveHost,
    allowPrivateOrigins: options.allowPrivateOrigins,
    maxBytes: MAX_JWKS_BYTES,
    timeoutMs: TIMEOUT_MS,
  });
  const cache = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();

  async function fetchKeys(uri: string): Promise<JSONWebKeySet> {
    return (await fetchJwks(uri)) as JSONWebKeySet;
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
