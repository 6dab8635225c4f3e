import type { JSONWebKeySet, JWK } from 'jose';
import { createRemoteJwks, isRemoteJwks, remoteJwksResolver } from '../create-remote-jwks.js';
import { TokenError } from '../errors.js';
import { isKeySet, type KeySet } from '../key-set.js';
import type { SigningKey } from '../signing-key.js';
import { type JwkEntry, parseJwks, resolvedEntry, selectEntry } from './jwk-entries.js';

/** A verification key, and the handle of its source entry that a cached verification is tied to. */
export interface ResolvedKey {
  /** The public JWK: the same object on every resolution of the same key (a key cache's key). */
  readonly jwk: Readonly<JWK>;
  /** The WebCrypto form of the key (imported once, then cached). */
  cryptoKey(): CryptoKey | Promise<CryptoKey>;
  readonly handle: object;
}

/**
 * Finds the key that must check a token, from its header `alg` and `kid`; and tells whether a key it
 * resolved earlier is still trusted (not removed from the key set, still published), so that a
 * verification cached under a withdrawn key is not served again.
 */
export interface KeyResolver {
  resolve(alg: string, kid: string | undefined): ResolvedKey | Promise<ResolvedKey>;
  isCurrent(handle: object): boolean;
}

/** Resolves from a live key set (rotation and removal show up at once). */
export function keySetResolver(keys: KeySet): KeyResolver {
  const resolved = (key: SigningKey): ResolvedKey => ({
    jwk: key.publicJwk,
    cryptoKey: () => key.publicKey,
    handle: key,
  });
  return {
    resolve(alg, kid) {
      if (kid === undefined) {
        const fitting = keys.verificationKeys().filter((key) => key.alg === alg);
        if (fitting.length === 1) return resolved(fitting[0] as SigningKey);
        throw new TokenError(
          fitting.length === 0 ? 'ERR_TOKEN_KID_UNKNOWN' : 'ERR_TOKEN_KID_MISSING',
          'the token has no kid and no single key fits',
        );
      }
      const key = keys.find(kid);
      if (key === undefined) {
        throw new TokenError('ERR_TOKEN_KID_UNKNOWN', 'the token was signed with an unknown key');
      }
      if (key.alg !== alg) {
        throw new TokenError(
          'ERR_TOKEN_KEY_ALG_MISMATCH',
          `the key named by kid is not a ${alg} key`,
        );
      }
      return resolved(key);
    },
    // the same key object still active or retained: removed and expired keys are gone from find()
    isCurrent: (handle) => keys.find((handle as SigningKey).kid) === handle,
  };
}

/** Resolves from a fixed list of JWK Set entries (they never change). */
export function entriesResolver(entries: readonly JwkEntry[]): KeyResolver {
  return {
    resolve(alg, kid) {
      return resolvedEntry(selectEntry(entries, alg, kid), alg);
    },
    isCurrent: () => true,
  };
}

/** The resolver for a verifier's `jwks` option; anything else is a caller mistake (TypeError). */
export function resolverFor(name: string, jwks: unknown): KeyResolver {
  if (isKeySet(jwks)) return keySetResolver(jwks);
  if (isRemoteJwks(jwks)) return remoteJwksResolver(jwks);
  if (typeof jwks === 'string' || jwks instanceof URL) {
    return remoteJwksResolver(createRemoteJwks({ uri: jwks }));
  }
  if (typeof jwks === 'object' && jwks !== null && Array.isArray((jwks as JSONWebKeySet).keys)) {
    return entriesResolver(parseJwks(jwks));
  }
  throw new TypeError(`${name}: jwks must be a KeySet, a JWK Set, a jwks_uri or a RemoteJwks`);
}
