import type { PinnedFetch, PinnedFetchResponse, ResolveHost } from '../pinned-fetch.js';
import { checkedAddresses, fetchFirstReachable, readJson } from './document-fetch.js';

/** The checked settings of one SSRF-safe JSON fetch path (CIMD documents, `jwks_uri` key sets). */
export interface PinnedJsonConfig {
  fetch: PinnedFetch;
  resolveHost: ResolveHost;
  /** Exact https origins exempt from the address check (test mode); frozen. */
  exempt: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  clock: () => number;
  /** Names the document in client-facing error descriptions. */
  subject?: string;
}

/** The options every pinned fetch path takes, as a caller passes them. */
export interface PinnedJsonOptions {
  fetch?: PinnedFetch | undefined;
  resolveHost?: ResolveHost | undefined;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
  allowPrivateOrigins?: readonly string[] | undefined;
  clock?: (() => number) | undefined;
}

/**
 * Checks the shared options of a pinned fetch path, throwing `TypeError` (caller mistakes) named
 * after `name`: `fetch` and `resolveHost` functions, `timeoutMs` 1 to 30,000, `maxBytes` 1 to
 * `maxBytesCeiling`, `allowPrivateOrigins` exact https origins. The allow-list is copied and frozen:
 * an entry pushed onto the caller's array later is never checked, so never used.
 */
export function checkPinnedJsonOptions(
  name: string,
  options: PinnedJsonOptions,
  maxBytesCeiling: number,
): Omit<PinnedJsonConfig, 'subject'> {
  const { fetch, resolveHost, maxBytes = 0, timeoutMs = 0, allowPrivateOrigins = [] } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > maxBytesCeiling) {
    throw new TypeError(`${name}: maxBytes must be 1 to ${maxBytesCeiling}`);
  }
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 30_000) {
    throw new TypeError(`${name}: timeoutMs must be 1 to 30000`);
  }
  if (typeof fetch !== 'function') throw new TypeError(`${name}: fetch must be a function`);
  if (typeof resolveHost !== 'function') {
    throw new TypeError(`${name}: resolveHost must be a function`);
  }
  if (!Array.isArray(allowPrivateOrigins)) {
    throw new TypeError(`${name}: allowPrivateOrigins must be an array`);
  }
  const exempt: readonly string[] = Object.freeze([...allowPrivateOrigins]);
  for (const origin of exempt) {
    if (
      typeof origin !== 'string' ||
      !URL.canParse(origin) ||
      new URL(origin).origin !== origin ||
      !origin.startsWith('https://')
    ) {
      throw new TypeError(`${name}: allowPrivateOrigins takes exact https origins`);
    }
  }
  const clock = options.clock ?? (() => Date.now());
  if (typeof clock !== 'function') throw new TypeError(`${name}: clock must be a function`);
  return { fetch, resolveHost, exempt, timeoutMs, maxBytes, clock };
}

/**
 * The one SSRF-safe GET of a JSON document at a URL a client chose (already checked for shape): the
 * host resolved and *every* address checked (a refused one refuses the host, unless its origin is
 * exempt), the connection pinned to a checked address (the next one only when connecting fails, at
 * most three), no redirect followed, the body capped, one time budget for DNS, connection and body;
 * then a 200 `application/json` (or `+json`) body parsed. Throws a `MetadataDocumentError`.
 */
export async function fetchPinnedJson(
  url: URL,
  href: string,
  config: PinnedJsonConfig,
): Promise<{ json: unknown; response: PinnedFetchResponse }> {
  const { fetch, resolveHost, exempt, timeoutMs, maxBytes, clock, subject } = config;
  const startedAt = clock();
  const addresses = await checkedAddresses(url, resolveHost, exempt, timeoutMs, subject);
  const response = await fetchFirstReachable(
    fetch,
    href,
    addresses,
    maxBytes,
    () => Math.max(1, timeoutMs - (clock() - startedAt)),
    subject,
  );
  return { json: readJson(response, maxBytes, subject), response };
}
