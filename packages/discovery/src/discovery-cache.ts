import { resolveOptions } from '@gatehouse/errors';

/**
 * A fetched metadata document kept for reuse: the parsed JSON body and when it stops being fresh
 * (milliseconds since the epoch). Cached bodies are validated again on every use.
 */
export interface CachedDocument {
  readonly json: unknown;
  readonly expiresAt: number;
}

/**
 * Where {@link discover} keeps fetched documents, keyed by URL. Implement it over a shared store
 * (Redis, a KV) to share discovery between processes; {@link createDiscoveryCache} is in memory.
 */
export interface DiscoveryCache {
  get(url: string): CachedDocument | undefined | Promise<CachedDocument | undefined>;
  set(url: string, document: CachedDocument): void | Promise<void>;
}

/**
 * Options of {@link createDiscoveryCache}.
 */
export interface DiscoveryCacheOptions {
  /** Most documents kept; the least recently used goes first. Default 100. */
  maxEntries?: number;
}

/**
 * An in-memory {@link DiscoveryCache} with least-recently-used eviction. Expired entries are never
 * returned.
 *
 * @example
 * ```ts
 * import { createDiscoveryCache, discover } from '@gatehouse/discovery';
 *
 * const cache = createDiscoveryCache({ maxEntries: 50 });
 * const result = await discover('https://mcp.example.com/mcp', { cache });
 * ```
 */
export function createDiscoveryCache(options?: DiscoveryCacheOptions): DiscoveryCache {
  const { maxEntries = 100 } = resolveOptions<DiscoveryCacheOptions>(
    'createDiscoveryCache',
    options,
    { defaults: { maxEntries: 100 } },
  );
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('createDiscoveryCache: maxEntries must be a positive integer');
  }
  const entries = new Map<string, CachedDocument>();
  return Object.freeze({
    get(url: string): CachedDocument | undefined {
      const entry = entries.get(url);
      if (entry === undefined) return undefined;
      entries.delete(url);
      if (entry.expiresAt <= Date.now()) return undefined;
      entries.set(url, entry);
      return entry;
    },
    set(url: string, document: CachedDocument): void {
      entries.delete(url);
      entries.set(url, document);
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
  });
}
