import { KeyObject, sign } from 'node:crypto';
import type { SigningBackend } from '../signing-backend.js';
import type { SigningAlgorithm, SigningKey } from '../signing-key.js';
import { type NodeKey, prepareNodeKey } from './node-key.js';

function importKey(signingKey: SigningKey): NodeKey {
  // the same key material as the CryptoKey, extractable or not
  const key = KeyObject.from(signingKey.privateKey);
  if (key.type !== 'private') {
    throw new TypeError(`nodeCryptoSigner: the key is not a private ${signingKey.alg} key`);
  }
  return prepareNodeKey(key, signingKey.alg, 'nodeCryptoSigner');
}

/**
 * A {@link SigningBackend} on `node:crypto`: each signing key taken once as a `KeyObject` (from its
 * `CryptoKey`, extractable or not), tokens signed with the synchronous `crypto.sign` (ECDSA in its
 * JWS form, `ieee-p1363`; RSA-PSS with the digest's length of salt, as RFC 7518 requires), instead of
 * one WebCrypto job per token. The tokens are the ones the default issuer makes: same header, same
 * claims, signatures any JWS verifier accepts. Pass it as the `backend` of `createAccessTokenIssuer`.
 *
 * @example
 * ```ts
 * import { createAccessTokenIssuer, createKeySet, generateSigningKey } from '@gatehouse/tokens';
 * import { nodeCryptoSigner } from '@gatehouse/tokens/node';
 *
 * const keys = createKeySet({ active: await generateSigningKey() });
 * const issuer = createAccessTokenIssuer({
 *   issuer: 'https://auth.example.com',
 *   keys,
 *   backend: nodeCryptoSigner, // only the signing changes
 * });
 * const { token } = await issuer.issue({
 *   subject: 'user-123',
 *   clientId: 'mcp-inspector',
 *   audience: 'https://mcp.example.com/mcp',
 *   scope: 'files:read',
 * });
 * ```
 */
export const nodeCryptoSigner: SigningBackend = Object.freeze<SigningBackend<NodeKey>>({
  importKey,
  sign(prepared: NodeKey, alg: SigningAlgorithm, signingInput: string): string {
    if (prepared.alg !== alg) {
      throw new TypeError(`nodeCryptoSigner: the key was imported for ${prepared.alg}, not ${alg}`);
    }
    // the signing input is ASCII (two base64url parts and a dot): latin1 is its exact bytes
    return sign(prepared.digest, Buffer.from(signingInput, 'latin1'), prepared.key).toString(
      'base64url',
    );
  },
});
