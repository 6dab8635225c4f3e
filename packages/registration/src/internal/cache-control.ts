/** What a `Cache-Control` response header says about storing a response. */
export interface CacheDirectives {
  /** `no-store` or `no-cache`: the sender asks not to reuse it. */
  noReuse: boolean;
  /** `max-age` in seconds, if present and valid. */
  maxAge: number | undefined;
}

/** Parses the directives of a `Cache-Control` header that matter to a cache of documents. */
export function parseCacheControl(header: string | null): CacheDirectives {
  let noReuse = false;
  let maxAge: number | undefined;
  for (const part of (header ?? '').slice(0, 1000).split(',')) {
    const [rawName = '', rawValue] = part.split('=', 2);
    const name = rawName.trim().toLowerCase();
    if (name === 'no-store' || name === 'no-cache') noReuse = true;
    if (name === 'max-age' && rawValue !== undefined) {
      const value = rawValue.trim().replace(/^"(.*)"$/, '$1');
      if (/^\d{1,10}$/.test(value)) maxAge = Number(value);
    }
  }
  return { noReuse, maxAge };
}

/**
 * How long to keep a response: its `max-age` (else `fallback`), the floor for `no-store` / `no-cache`,
 * always within `[min, max]` seconds.
 */
export function cacheLifetime(
  header: string | null,
  bounds: { min: number; max: number; fallback: number },
): number {
  const { noReuse, maxAge } = parseCacheControl(header);
  const wanted = noReuse ? bounds.min : (maxAge ?? bounds.fallback);
  return Math.min(bounds.max, Math.max(bounds.min, wanted));
}
