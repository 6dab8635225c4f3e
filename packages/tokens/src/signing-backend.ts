import type { SigningAlgorithm, SigningKey } from './signing-key.js';

/**
 * What signs access tokens for {@link createAccessTokenIssuer} (its `backend` option). The default is
 * WebCrypto through jose, which runs anywhere; `nodeCryptoSigner` from `@gatehouse/tokens/node` uses
 * `node:crypto`'s synchronous sign, faster on Node.js.
 *
 * A backend makes the signature and nothing else: the issuer builds the header (`alg`, `typ: at+jwt`,
 * `kid`) and the claims, and encodes them, the same way whatever the backend.
 *
 * @typeParam Key - What the backend makes of a signing key (a `KeyObject`, a `CryptoKey`, ...).
 *
 * @example
 * ```ts
 * import type { SigningBackend } from '@gatehouse/tokens';
 *
 * // a WebCrypto backend for ES256 only, written out (the default does this, for every algorithm)
 * const es256Only: SigningBackend<CryptoKey> = {
 *   importKey: (key) => key.privateKey,
 *   sign: async (privateKey, _alg, signingInput) => {
 *     const signature = await crypto.subtle.sign(
 *       { name: 'ECDSA', hash: 'SHA-256' },
 *       privateKey,
 *       new TextEncoder().encode(signingInput),
 *     );
 *     const binary = String.fromCharCode(...new Uint8Array(signature));
 *     return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
 *   },
 * };
 * ```
 */
export interface SigningBackend<Key = unknown> {
  /**
   * Makes a signing key of `key` (its `privateKey` for `key.alg`). Called once per key: the issuer
   * keeps the result for as long as it holds the key. A throw (or a rejection) fails the `issue` call.
   */
  importKey(key: SigningKey): Key | Promise<Key>;
  /**
   * The `alg` signature of `signingInput` (the encoded header and claims and the dot between them,
   * ASCII) under `key`, as unpadded base64url: the token's third part.
   */
  sign(key: Key, alg: SigningAlgorithm, signingInput: string): string | Promise<string>;
}
