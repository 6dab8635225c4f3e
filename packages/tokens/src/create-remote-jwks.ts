import { resolveOptions } from '@gatehouse/errors';
import { TokenError } from './errors.js';
import {
  carryOver,
  type JwkEntry,
  parseJwks,
  resolvedEntry,
  selectEntry,
} from './internal/jwk-entries.js';
import type { KeyResolver } from './internal/key-resolver.js';
import { endpointUrl, readJson } from './internal/read-json.js';

const REMOTE_JWKS = Symbol.for('gatehouse.tokens.remote-jwks');
const FAILURE_RETRY_SECONDS = 5;

/** Options of {@link createRemoteJwks}. */
export interface RemoteJwksOptions {
  /** The authorization server's `jwks_uri` (https; http only on a loopback host). */
  uri: string | URL;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** Give up on a fetch after this long; default 5000. */
  timeoutMs?: number;
  /** At most one fetch per this many seconds, whatever triggers it; default 30. */
  cooldownSeconds?: number;
  /** Refresh keys older than this in the background; default 600. */
  maxAgeSeconds?: number;
  /**
   * Stop trusting keys that could not be refreshed for this long (the endpoint down or unreachable):
   * verification fails closed until a fetch succeeds, so a key the AS withdrew is not trusted forever.
   * Default 86400 (one day); at least `maxAgeSeconds`.
   */
  maxStaleSeconds?: number;
  /** Refuse bigger responses; default 256 KiB. */
  maxResponseBytes?: number;
}

/** A JWK Set fetched from a `jwks_uri` and kept fresh; pass it as a verifier's `jwks`. */
export interface RemoteJwks {
  readonly uri: string;
  /** The key for a token header; see {@link createRemoteJwks} for when it fetches. */
  resolve(alg: string, kid: string | undefined): Promise<CryptoKey>;
  /** Fetches now (subject to the cooldown); resolves to whether keys are available. */
  refresh(): Promise<boolean>;
}

/**
 * A remote JWK Set with the behaviour a resource server needs:
 * - the first verification fetches the set; if that fails and no keys were ever fetched, verification
 *   fails closed (`ERR_TOKEN_JWKS_UNAVAILABLE`, a 500: not the token's fault);
 * - a token with an unknown `kid` triggers one refetch (a rotation at the AS), then
 *   `ERR_TOKEN_KID_UNKNOWN`;
 * - fetches happen at most once per `cooldownSeconds` (so bogus `kid`s cannot flood the AS; after a
 *   failed fetch, once per 5 seconds at most) and time out after `timeoutMs`;
 * - keys older than `maxAgeSeconds` are refreshed in the background; while the endpoint is down the
 *   last good keys keep being used, for at most `maxStaleSeconds` after the last good fetch (then
 *   verification fails closed with `ERR_TOKEN_JWKS_UNAVAILABLE` until a fetch succeeds);
 * - redirects are not followed (a redirect could leave https), and responses over
 *   `maxResponseBytes` are refused.
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier, createRemoteJwks } from '@gatehouse/tokens';
 *
 * const jwks = createRemoteJwks({ uri: 'https://auth.example.com/jwks', timeoutMs: 2000 });
 * const verifier = createAccessTokenVerifier({ issuer, audience, algorithms: ['ES256'], jwks });
 * ```
 */
export function createRemoteJwks(options: RemoteJwksOptions): RemoteJwks {
  const name = 'createRemoteJwks';
  const config = resolveOptions<Required<RemoteJwksOptions>>(name, options, {
    defaults: {
      uri: undefined,
      fetch: undefined,
      timeoutMs: 5000,
      cooldownSeconds: 30,
      maxAgeSeconds: 600,
      maxStaleSeconds: 86_400,
      maxResponseBytes: 262_144,
    },
    required: ['uri'],
  });
  const uri = endpointUrl(name, 'uri', config.uri).href;
  for (const field of [
    'timeoutMs',
    'cooldownSeconds',
    'maxAgeSeconds',
    'maxStaleSeconds',
    'maxResponseBytes',
  ] as const) {
    if (!Number.isFinite(config[field]) || config[field] < 0) {
      throw new TypeError(`${name}: ${field} must be a non-negative number`);
    }
  }
  // zero would make every fetch fail (abort at once, or refuse any body): a caller mistake
  if (config.timeoutMs <= 0 || config.maxResponseBytes <= 0) {
    throw new TypeError(`${name}: timeoutMs and maxResponseBytes must be positive`);
  }
  if (config.maxStaleSeconds < config.maxAgeSeconds) {
    throw new TypeError(`${name}: maxStaleSeconds must be at least maxAgeSeconds`);
  }
  const fetchImpl =
    config.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  if (typeof fetchImpl !== 'function') throw new TypeError(`${name}: fetch must be a function`);

  let entries: JwkEntry[] | undefined;
  let fetchedAt = 0;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let lastError: unknown;
  let lastFailed = false;
  let pending: Promise<boolean> | undefined;

  // after a failed fetch, try again sooner than the cooldown (the AS may just be starting)
  const canAttempt = () =>
    Date.now() - lastAttemptAt >=
    (lastFailed
      ? Math.min(config.cooldownSeconds, FAILURE_RETRY_SECONDS)
      : config.cooldownSeconds) *
      1000;

  async function load(): Promise<boolean> {
    lastAttemptAt = Date.now();
    try {
      const response = await fetchImpl(uri, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`the JWKS endpoint answered ${response.status}`);
      }
      const parsed = parseJwks(await readJson(response, config.maxResponseBytes));
      entries = carryOver(entries, parsed);
      fetchedAt = Date.now();
      lastFailed = false;
      return true;
    } catch (error) {
      lastError = error;
      lastFailed = true;
      return false;
    }
  }

  // keys not refreshed for maxStaleSeconds are no longer trusted (fail closed)
  const tooStale = () => Date.now() - fetchedAt > config.maxStaleSeconds * 1000;

  function refresh(): Promise<boolean> {
    if (pending === undefined) {
      if (!canAttempt()) return Promise.resolve(entries !== undefined && !tooStale());
      pending = load().finally(() => {
        pending = undefined;
      });
    }
    return pending;
  }

  async function current(): Promise<JwkEntry[]> {
    if (entries === undefined || tooStale()) await refresh();
    if (entries === undefined || tooStale()) {
      throw new TokenError(
        'ERR_TOKEN_JWKS_UNAVAILABLE',
        entries === undefined
          ? 'the JWK Set could not be fetched'
          : 'the JWK Set could not be refreshed for maxStaleSeconds',
        { cause: lastError },
      );
    }
    if (Date.now() - fetchedAt > config.maxAgeSeconds * 1000) void refresh();
    return entries;
  }

  async function resolveEntry(alg: string, kid: string | undefined): Promise<JwkEntry> {
    try {
      return selectEntry(await current(), alg, kid);
    } catch (error) {
      if (!(TokenError.isInstance(error) && error.code === 'ERR_TOKEN_KID_UNKNOWN')) throw error;
      if (pending === undefined && !canAttempt()) throw error;
      await refresh();
      return selectEntry(await current(), alg, kid);
    }
  }

  const resolver: KeyResolver = {
    async resolve(alg, kid) {
      return resolvedEntry(await resolveEntry(alg, kid), alg);
    },
    // a verification cached under an entry is served only while the entry is still published (a
    // refresh without its key drops it) and the set is not past maxStaleSeconds
    isCurrent(handle) {
      if (entries === undefined || tooStale()) return false;
      if (Date.now() - fetchedAt > config.maxAgeSeconds * 1000) void refresh();
      return entries.includes(handle as JwkEntry);
    },
  };

  const jwks: RemoteJwks = {
    uri,
    refresh,
    async resolve(alg, kid) {
      return (await resolver.resolve(alg, kid)).cryptoKey();
    },
  };
  Object.defineProperty(jwks, REMOTE_JWKS, { value: resolver });
  return Object.freeze(jwks);
}

/** Whether `value` was made by {@link createRemoteJwks}. */
export function isRemoteJwks(value: unknown): value is RemoteJwks {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [REMOTE_JWKS]?: unknown })[REMOTE_JWKS] === 'object'
  );
}

/** The key resolver behind a {@link RemoteJwks} (with the check of cached verifications). */
export function remoteJwksResolver(jwks: RemoteJwks): KeyResolver {
  return (jwks as unknown as { [REMOTE_JWKS]: KeyResolver })[REMOTE_JWKS];
}
