import { resolveOptions } from '@gatehouse/errors';
import { MetadataDocumentError, type MetadataDocumentErrorCode } from './cimd-errors.js';
import type { PublicJwk, PublicJwks } from './client-metadata.js';
import { RegistrationError } from './errors.js';
import { checkPublicSigningKey, hasPrivateMembers, jwkSetKeys } from './internal/jwks.js';
import { checkPinnedJsonOptions, fetchPinnedJson } from './internal/pinned-json.js';
import { splitAuthority } from './internal/uri-parts.js';
import type { PinnedFetch, ResolveHost } from './pinned-fetch.js';

/**
 * The most a client's JWK Set document may weigh, in bytes. The fetcher's `maxBytes` may lower it,
 * never raise it.
 *
 * @example
 * ```ts
 * import { MAX_CLIENT_JWKS_BYTES } from '@gatehouse/registration';
 * MAX_CLIENT_JWKS_BYTES; // 65536
 * ```
 */
export const MAX_CLIENT_JWKS_BYTES = 65_536;

/** Options of {@link fetchClientJwks} and {@link createClientJwksFetcher}. */
export interface ClientJwksFetchOptions {
  /** The pinned HTTPS GET (`createPinnedFetch` from `@gatehouse/registration/node`). */
  fetch: PinnedFetch;
  /** The DNS lookup (`resolveHost` from `@gatehouse/registration/node`). */
  resolveHost: ResolveHost;
  /** Budget for DNS, connection and body together, in milliseconds. Default 3000. */
  timeoutMs?: number;
  /** Body cap in bytes, at most 65,536. Default 16,384 (ten RSA-4096 keys fit). */
  maxBytes?: number;
  /** Most keys in the set (1 to 100). Default 10. */
  maxKeys?: number;
  /**
   * Test mode: exact https origins whose addresses are exempt from the special-use address check
   * (a local test server). Every other check stays on. Never use it in production. Checked and
   * copied when the fetcher is made.
   */
  allowPrivateOrigins?: readonly string[];
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: (() => number) | undefined;
}

/** Fetches one client's `jwks_uri`; made by {@link createClientJwksFetcher}. */
export type ClientJwksFetcher = (jwksUri: string) => Promise<PublicJwks>;

const SUBJECT = 'client jwks_uri';
const MAX_URI_LENGTH = 2000;
const DEFAULTS = {
  fetch: undefined,
  resolveHost: undefined,
  timeoutMs: 3000,
  maxBytes: 16_384,
  maxKeys: 10,
  allowPrivateOrigins: [] as readonly string[],
  clock: () => Date.now(),
};

function fail(code: MetadataDocumentErrorCode, message: string): MetadataDocumentError {
  return new MetadataDocumentError(code, message, { subject: SUBJECT });
}

/** The `jwks_uri` as a URL: https, at most 2000 characters, no userinfo, no fragment. */
function parseJwksUri(jwksUri: unknown): URL {
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
    throw fail('ERR_CIMD_URL_INVALID', 'jwks_uri is not a URL');
  }
  if (jwksUri.length > MAX_URI_LENGTH) {
    throw fail('ERR_CIMD_URL_TOO_LONG', `jwks_uri is over ${MAX_URI_LENGTH} characters`);
  }
  if (!jwksUri.startsWith('https://')) {
    throw fail('ERR_CIMD_URL_NOT_HTTPS', 'jwks_uri must use https');
  }
  if (jwksUri.includes('#')) throw fail('ERR_CIMD_URL_FRAGMENT', 'jwks_uri must have no fragment');
  if (splitAuthority(jwksUri)?.userinfo !== undefined) {
    throw fail('ERR_CIMD_URL_USERINFO', 'jwks_uri must not contain userinfo');
  }
  return new URL(jwksUri);
}

/**
 * The usable keys of a fetched JWK Set: a set holding any private or symmetric key material is
 * refused whole (the client leaked a secret); keys that cannot verify a signature (encryption keys,
 * other curves, short RSA) are left out; no usable key left is refused.
 */
function usableKeys(json: unknown, maxKeys: number): PublicJwks {
  const keys: PublicJwk[] = [];
  try {
    for (const key of jwkSetKeys(json, maxKeys)) {
      if (
        typeof key === 'object' &&
        key !== null &&
        hasPrivateMembers(key as Record<string, unknown>)
      ) {
        throw fail('ERR_CIMD_JWKS_INVALID', 'the key set contains private key material');
      }
      try {
        keys.push(checkPublicSigningKey(key));
      } catch (error) {
        if (!RegistrationError.isInstance(error)) throw error;
      }
    }
  } catch (error) {
    if (!RegistrationError.isInstance(error)) throw error;
    throw fail('ERR_CIMD_JWKS_INVALID', error.message);
  }
  if (keys.length === 0) throw fail('ERR_CIMD_JWKS_INVALID', 'the key set has no signing key');
  return { keys };
}

/**
 * {@link fetchClientJwks} with its options checked once (bad options throw `TypeError` here), for
 * the token endpoint's hot path. Cache the result yourself: the fetcher keeps nothing.
 *
 * @example
 * ```ts
 * import { createClientJwksFetcher } from '@gatehouse/registration';
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 *
 * const fetchJwks = createClientJwksFetcher({ fetch: createPinnedFetch(), resolveHost });
 * const { keys } = await fetchJwks('https://app.example/jwks.json');
 * ```
 */
export function createClientJwksFetcher(options: ClientJwksFetchOptions): ClientJwksFetcher {
  const name = 'createClientJwksFetcher';
  const resolved = resolveOptions<ClientJwksFetchOptions>(name, options, {
    defaults: DEFAULTS,
    required: ['fetch', 'resolveHost'],
  });
  const pinned = {
    ...checkPinnedJsonOptions(name, resolved, MAX_CLIENT_JWKS_BYTES),
    subject: SUBJECT,
  };
  const maxKeys = resolved.maxKeys ?? DEFAULTS.maxKeys;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1 || maxKeys > 100) {
    throw new TypeError(`${name}: maxKeys must be 1 to 100`);
  }
  return async (jwksUri) => {
    const url = parseJwksUri(jwksUri);
    const { json } = await fetchPinnedJson(url, url.href, pinned);
    return usableKeys(json, maxKeys);
  };
}

/**
 * Fetches the JWK Set at a client's `jwks_uri` (for `private_key_jwt`) along the same SSRF-safe path
 * as a Client ID Metadata Document: https only, no userinfo or fragment; the host resolved first and
 * *every* address checked against the special-use ranges (`classifyAddress`); the connection
 * pinned to a checked address (no second lookup, so no DNS rebinding; the next checked address only
 * when connecting fails, at most three); no redirect followed; the body capped (16 KB by default);
 * one time budget (3 s). The answer must be a 200 JSON JWK Set: a set with private or symmetric key
 * material is refused, keys that cannot verify signatures are left out. Throws a
 * {@link MetadataDocumentError} (`ERR_CIMD_*`, described to clients as the `client jwks_uri`).
 *
 * @example
 * ```ts
 * import { fetchClientJwks } from '@gatehouse/registration';
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 *
 * const jwks = await fetchClientJwks('https://app.example/jwks.json', {
 *   fetch: createPinnedFetch(),
 *   resolveHost,
 * });
 * jwks.keys; // public signing keys only
 * ```
 */
export function fetchClientJwks(
  jwksUri: string,
  options: ClientJwksFetchOptions,
): Promise<PublicJwks> {
  try {
    return createClientJwksFetcher(options)(jwksUri);
  } catch (error) {
    return Promise.reject(error);
  }
}
