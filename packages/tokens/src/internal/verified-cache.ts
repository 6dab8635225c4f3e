import type { VerifiedAccessToken } from '../verified-access-token.js';

/** Cache sizing, as a verifier's `cache` option takes it. */
export interface CacheOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number;
  /** An entry lives until the token's `exp` or this many seconds, whichever comes first. */
  maxAgeSeconds?: number;
}

interface Entry {
  /** Compared exactly on a hit with the parts of the token that are not in the key. */
  readonly head: string;
  readonly tail: string;
  readonly value: VerifiedAccessToken;
  readonly expiresAtMs: number;
  /** The key the token was verified with (its source entry), when a key was involved. */
  readonly handle: object | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A copy of `text` that shares no memory with it: `slice` may return a view that keeps the whole
 * token alive, and the cache must never hold a usable token.
 */
function detach(text: string): string {
  return text === '' ? '' : decoder.decode(encoder.encode(text));
}

/**
 * A bounded LRU of verified tokens. Keys are SHA-256 digests; an entry may also hold parts of its
 * token (`head`, `tail`) that are compared exactly on a hit, but never all of it. Failures are never
 * stored.
 */
export class VerifiedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;

  constructor(name: string, options: CacheOptions, defaults: Required<CacheOptions>) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`${name}: cache must be false or { maxEntries, maxAgeSeconds }`);
    }
    for (const key of Object.keys(options)) {
      if (key !== 'maxEntries' && key !== 'maxAgeSeconds') {
        throw new TypeError(`${name}: unknown cache option "${key}"`);
      }
    }
    const { maxEntries = defaults.maxEntries, maxAgeSeconds = defaults.maxAgeSeconds } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`${name}: cache.maxEntries must be a positive integer`);
    }
    if (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0) {
      throw new TypeError(`${name}: cache.maxAgeSeconds must be a positive number`);
    }
    this.#maxEntries = maxEntries;
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The entry's value for exactly this token, unless it expired or `isCurrent` says its key is no
   * longer trusted (both drop the entry).
   */
  get(
    key: string,
    head: string,
    tail: string,
    now: number,
    isCurrent?: (handle: object) => boolean,
  ): VerifiedAccessToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (
      entry.expiresAtMs <= now ||
      (entry.handle !== undefined && isCurrent !== undefined && !isCurrent(entry.handle))
    ) {
      this.#entries.delete(key);
      return undefined;
    }
    if (entry.head !== head || entry.tail !== tail) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` until `untilSeconds` (the token's `exp`, or earlier) or the cache's max age. */
  set(
    key: string,
    head: string,
    tail: string,
    value: VerifiedAccessToken,
    untilSeconds: number,
    now: number,
    handle?: object,
  ): void {
    const expiresAtMs = Math.min(untilSeconds * 1000, now + this.#maxAgeMs);
    if (expiresAtMs <= now) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, {
      head: detach(head),
      tail: detach(tail),
      value,
      expiresAtMs,
      handle,
    });
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  clear(): void {
    this.#entries.clear();
  }
}
