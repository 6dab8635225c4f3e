import type { JSONWebKeySet } from 'jose';
import { createRemoteJwks, isRemoteJwks } from '../create-remote-jwks.js';
import { TokenError } from '../errors.js';
import { isKeySet, type KeySet } from '../key-set.js';
import { importEntry, type JwkEntry, parseJwks, selectEntry } from './jwk-entries.js';

/** Finds the key that must check a token, from its header `alg` and `kid`. */
export interface KeyResolver {
  resolve(alg: string, kid: string | undefined): CryptoKey | Promise<CryptoKey>;
}

/** Resolves from a live key set (rotation shows up at once). */
export function keySetResolver(keys: KeySet): KeyResolver {
  return {
    resolve(alg, kid) {
      if (kid === undefined) {
        const fitting = keys.verificationKeys().filter((key) => key.alg === alg);
        if (fitting.length === 1) return (fitting[0] as (typeof fitting)[number]).publicKey;
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
      return key.publicKey;
    },
  };
}

/** Resolves from a fixed list of JWK Set entries. */
export function entriesResolver(entries: readonly JwkEntry[]): KeyResolver {
  return {
    resolve(alg, kid) {
      return importEntry(selectEntry(entries, alg, kid), alg);
    },
  };
}

/** The resolver for a verifier's `jwks` option; anything else is a caller mistake (TypeError). */
export function resolverFor(name: string, jwks: unknown): KeyResolver {
  if (isKeySet(jwks)) return keySetResolver(jwks);
  if (isRemoteJwks(jwks)) return jwks;
  if (typeof jwks === 'string' || jwks instanceof URL) return createRemoteJwks({ uri: jwks });
  if (typeof jwks === 'object' && jwks !== null && Array.isArray((jwks as JSONWebKeySet).keys)) {
    return entriesResolver(parseJwks(jwks));
  }
  throw new TypeError(`${name}: jwks must be a KeySet, a JWK Set, a jwks_uri or a RemoteJwks`);
}
