import { importJWK, type JWK } from 'jose';
import { TokenError } from '../errors.js';
import { keyFitsAlgorithm } from './algorithms.js';

/** A usable public key from a JWK Set, with its imported forms cached per algorithm. */
export interface JwkEntry {
  readonly kid: string | undefined;
  readonly alg: string | undefined;
  readonly jwk: JWK;
  readonly imported: Map<string, Promise<CryptoKey>>;
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
 * and `alg` must fit the header's `alg`); without one, the only key that fits.
 */
export function selectEntry(
  entries: readonly JwkEntry[],
  alg: string,
  kid: string | undefined,
): JwkEntry {
  if (kid === undefined) {
    const fitting = entries.filter((entry) => fits(entry, alg));
    if (fitting.length === 1) return fitting[0] as JwkEntry;
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
