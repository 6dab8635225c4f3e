import type { ClientMetadata } from './client-metadata.js';

/** A resolved Client ID Metadata Document, as the resolver returns and caches it. */
export interface ResolvedMetadataDocument {
  /** The `client_id`: the document's URL. */
  clientId: string;
  /** The document's metadata, validated like a registration (see `validateClientMetadata`). */
  metadata: ClientMetadata;
  /**
   * Things an authorization server should show or log, e.g. `redirect_uris_loopback_only`: every
   * redirect URI is loopback, so anyone can claim to be this client from their own machine.
   */
  warnings: string[];
  /** When it was fetched, seconds since the epoch. */
  fetchedAt: number;
  /** Until when it may be reused, seconds since the epoch. */
  expiresAt: number;
}

/**
 * Where resolved documents are kept between authorizations. Only successes are ever stored. The
 * resolver checks `expiresAt` itself, so an implementation may keep entries longer (a shared cache
 * such as Redis can use `ttlSeconds` as its own expiry).
 */
export interface MetadataDocumentCache {
  get(
    clientId: string,
  ): Promise<ResolvedMetadataDocument | undefined> | ResolvedMetadataDocument | undefined;
  set(
    clientId: string,
    document: ResolvedMetadataDocument,
    ttlSeconds: number,
  ): Promise<void> | void;
}

/**
 * A {@link MetadataDocumentCache} in process memory holding at most `maxEntries` documents (default
 * 1000); when full, the entry stored first is evicted.
 *
 * @example
 * ```ts
 * import { createMemoryMetadataDocumentCache } from '@gatehouse/registration';
 * const cache = createMemoryMetadataDocumentCache({ maxEntries: 500 });
 * ```
 */
export function createMemoryMetadataDocumentCache(
  options: { maxEntries?: number } = {},
): MetadataDocumentCache {
  const maxEntries = options.maxEntries ?? 1000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('createMemoryMetadataDocumentCache: maxEntries must be a positive integer');
  }
  const entries = new Map<string, ResolvedMetadataDocument>();
  return {
    get(clientId) {
      const entry = entries.get(clientId);
      return entry === undefined ? undefined : structuredClone(entry);
    },
    set(clientId, document) {
      entries.delete(clientId);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(clientId, structuredClone(document));
    },
  };
}
