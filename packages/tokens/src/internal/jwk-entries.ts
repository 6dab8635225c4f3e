import { base64url, importJWK, type JWK } from 'jose';
import { TokenError } from '../errors.js';
import { keyFitsAlgorithm } from './algorithms.js';
import type { ResolvedKey } from './key-resolver.js';

/** A usable public key from a JWK Set, with its imported forms cached per algorithm. */
export interface JwkEntry {
  readonly kid: string | undefined;
  readonly alg: string | undefined;
  readonly jwk: JWK;
  readonly imported: Map<string, Promise<CryptoKey>>;
  /** An RSA key with a modulus under 2048 bits: published, but never trusted. */
  readonly weak: boolean;
}

const MIN_RSA_BITS = 2048;

/** Whether an RSA JWK's modulus `n` is shorter than 2048 bits (an unreadable `n` fails at import). */
function isWeakRsa(jwk: JWK): boolean {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string') return false;
  let modulus: Uint8Array;
  try {
    modulus = base64url.decode(jwk.n);
  } catch {
    return false;
  }
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  if (start === modulus.length) return true;
  const bits = (modulus.length - start - 1) * 8 + (32 - Math.clz32(modulus[start] as number));
  return bits < MIN_RSA_BITS;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;
const KEY_TYPES = new Set(['EC', 'OKP', 'RSA']);

/**
 * The usable keys of a JWK Set: EC, OKP and RSA keys whose `use` is absent or `sig`, reduced to their
 * public members. Symmetric (`oct`) keys are never used, so HMAC with a published key cannot arise.
 */
export function parseJwks(value: unknown): JwkEntry[] {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(keys)) {
    throw new TokenError(
      'ERR_TOKEN_JWKS_INVALID',
      'the JWK Set must be an object with a keys array',
    );
  }
  const entries: JwkEntry[] = [];
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null) continue;
    const jwk = key as Record<string, unknown>;
    if (!KEY_TYPES.has(jwk.kty as string)) continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    const publicJwk: JWK = {};
    for (const member of PUBLIC_MEMBERS) {
      if (typeof jwk[member] === 'string') publicJwk[member] = jwk[member] as string;
    }
    entries.push({
      kid: typeof jwk.kid === 'string' ? jwk.kid : undefined,
      alg: typeof jwk.alg === 'string' ? jwk.alg : undefined,
      jwk: publicJwk,
      imported: new Map(),
      weak: isWeakRsa(publicJwk),
    });
  }
  return entries;
}

/**
 * `next`, with each entry that names the same key as one in `previous` (same `kid`, `alg` and public
 * members) replaced by that earlier entry: a refresh that still publishes a key keeps the entry (and
 * its imported key) as it was, so verifications cached under it stay valid; a key no longer published
 * leaves no entry behind.
 */
export function carryOver(previous: readonly JwkEntry[] | undefined, next: JwkEntry[]): JwkEntry[] {
  if (previous === undefined) return next;
  return next.map((entry) => previous.find((old) => sameKey(old, entry)) ?? entry);
}

function sameKey(a: JwkEntry, b: JwkEntry): boolean {
  return (
    a.kid === b.kid &&
    a.alg === b.alg &&
    PUBLIC_MEMBERS.every((member) => a.jwk[member] === b.jwk[member])
  );
}

function fits(entry: JwkEntry, alg: string): boolean {
  return (
    (entry.alg === undefined || entry.alg === alg) &&
    keyFitsAlgorithm(entry.jwk.kty, entry.jwk.crv, alg)
  );
}

/**
 * The entry that must check a token with this header. With a `kid`, the key with that `kid` (its type
 * and `alg` must fit the header's `alg`); without one, the only key that fits. An RSA key under 2048
 * bits is `ERR_TOKEN_JWKS_INVALID` (the key set is at fault, not the token), whatever the backend.
 */
export function selectEntry(
  entries: readonly JwkEntry[],
  alg: string,
  kid: string | undefined,
): JwkEntry {
  if (kid === undefined) {
    const fitting = entries.filter((entry) => fits(entry, alg));
    if (fitting.length === 1) return usable(fitting[0] as JwkEntry);
    if (fitting.length === 0) {
      throw new TokenError('ERR_TOKEN_KID_UNKNOWN', `no ${alg} key to verify the token with`);
    }
    throw new TokenError('ERR_TOKEN_KID_MISSING', 'the token has no kid and several keys fit');
  }
  const named = entries.filter((entry) => entry.kid === kid);
  if (named.length === 0) {
    throw new TokenError('ERR_TOKEN_KID_UNKNOWN', 'the token was signed with an unknown key');
  }
  const entry = named.find((candidate) => fits(candidate, alg));
  if (entry === undefined) {
    throw new TokenError('ERR_TOKEN_KEY_ALG_MISMATCH', `the key named by kid is not a ${alg} key`);
  }
  return usable(entry);
}

function usable(entry: JwkEntry): JwkEntry {
  if (entry.weak) {
    throw new TokenError('ERR_TOKEN_JWKS_INVALID', 'a published RSA key is shorter than 2048 bits');
  }
  return entry;
}

/** The entry imported as a verification key for `alg` (imported once, then cached). */
export function importEntry(entry: JwkEntry, alg: string): Promise<CryptoKey> {
  let key = entry.imported.get(alg);
  if (key === undefined) {
    key = importJWK(entry.jwk, alg).then(
      (imported) => imported as CryptoKey,
      (cause: unknown) => {
        throw new TokenError('ERR_TOKEN_JWKS_INVALID', 'a published key could not be imported', {
          cause,
        });
      },
    );
    entry.imported.set(alg, key);
  }
  return key;
}

/** An entry as a resolved key (imported as a WebCrypto key only when asked). */
export function resolvedEntry(entry: JwkEntry, alg: string): ResolvedKey {
  return { jwk: entry.jwk, cryptoKey: () => importEntry(entry, alg), handle: entry };
}
