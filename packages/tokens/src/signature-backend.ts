import type { JWK } from 'jose';
import type { SigningAlgorithm } from './signing-key.js';

/**
 * What checks the signature of a JWT access token for {@link createAccessTokenVerifier} (its `backend`
 * option). The default is WebCrypto through jose, which runs anywhere; `nodeCryptoBackend` from
 * `@gatehouse/tokens/node` uses `node:crypto`'s synchronous verify, faster on Node.js.
 *
 * A backend checks the signature and nothing else: the verifier does every other check (the size and
 * canonical form of the token, the `alg` allow-list, the key's type against `alg`, `typ`, `crit`, the
 * claims, the cache, revocation) the same way whatever the backend, and it calls the backend only
 * once it has found the one trusted key that must have signed the token.
 *
 * @typeParam Key - What the backend makes of a public JWK (a `KeyObject`, a `CryptoKey`, ...).
 *
 * @example
 * ```ts
 * import type { SignatureBackend } from '@gatehouse/tokens';
 *
 * // a WebCrypto backend for ES256 only, written out (the default does this, for every algorithm)
 * const es256Only: SignatureBackend<CryptoKey> = {
 *   importKey: (jwk) =>
 *     crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']),
 *   verify: (key, _alg, signingInput, signature) =>
 *     crypto.subtle.verify(
 *       { name: 'ECDSA', hash: 'SHA-256' },
 *       key,
 *       Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
 *       new TextEncoder().encode(signingInput),
 *     ),
 * };
 * ```
 */
export interface SignatureBackend<Key = unknown> {
  /**
   * Makes a verification key of a trusted public JWK (`kty`, `crv`, `x`, `y`, `n`, `e`; perhaps
   * `kid`, `alg`, `use`) for `alg`, whose fit with the key's type the verifier has checked. Called
   * once per key and algorithm: the verifier keeps the result for as long as it holds the key. A
   * throw (or a rejection) is the key set's fault: the verifier answers `ERR_TOKEN_JWKS_INVALID`.
   */
  importKey(jwk: Readonly<JWK>, alg: SigningAlgorithm): Key | Promise<Key>;
  /**
   * Whether `signature` (the token's third part: canonical, unpadded base64url) is a valid `alg`
   * signature of `signingInput` (the first two parts and the dot between them, ASCII) under `key`.
   * Returns `false` for any bad signature, however malformed; a throw is a verifier failure (500).
   */
  verify(
    key: Key,
    alg: SigningAlgorithm,
    signingInput: string,
    signature: string,
  ): boolean | Promise<boolean>;
}
