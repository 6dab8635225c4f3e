import { constants, KeyObject, sign } from 'node:crypto';
import type { SigningBackend } from '../signing-backend.js';
import type { SigningAlgorithm, SigningKey } from '../signing-key.js';

/** A private key made ready for one algorithm: the digest and the key with its options. */
interface NodeSigningKey {
  readonly alg: SigningAlgorithm;
  readonly digest: string | null;
  readonly key:
    | KeyObject
    | { key: KeyObject; dsaEncoding?: 'ieee-p1363'; padding?: number; saltLength?: number };
}

interface Spec {
  readonly digest: string | null;
  readonly type: 'ec' | 'ed25519' | 'rsa';
  readonly curve?: string;
  readonly pss?: number;
}

const SPECS: Readonly<Record<SigningAlgorithm, Spec>> = {
  ES256: { digest: 'sha256', type: 'ec', curve: 'prime256v1' },
  ES384: { digest: 'sha384', type: 'ec', curve: 'secp384r1' },
  ES512: { digest: 'sha512', type: 'ec', curve: 'secp521r1' },
  EdDSA: { digest: null, type: 'ed25519' },
  RS256: { digest: 'sha256', type: 'rsa' },
  RS384: { digest: 'sha384', type: 'rsa' },
  RS512: { digest: 'sha512', type: 'rsa' },
  PS256: { digest: 'sha256', type: 'rsa', pss: 32 },
  PS384: { digest: 'sha384', type: 'rsa', pss: 48 },
  PS512: { digest: 'sha512', type: 'rsa', pss: 64 },
};

function importKey(signingKey: SigningKey): NodeSigningKey {
  const { alg } = signingKey;
  const spec = Object.hasOwn(SPECS, alg) ? SPECS[alg] : undefined;
  if (spec === undefined) throw new TypeError(`nodeCryptoSigner: unsupported algorithm ${alg}`);
  // the same key material as the CryptoKey, extractable or not
  const key = KeyObject.from(signingKey.privateKey);
  const details = key.asymmetricKeyDetails ?? {};
  if (
    key.type !== 'private' ||
    key.asymmetricKeyType !== spec.type ||
    (spec.curve !== undefined && details.namedCurve !== spec.curve)
  ) {
    throw new TypeError(`nodeCryptoSigner: the key is not a private ${alg} key`);
  }
  let options: NodeSigningKey['key'] = key;
  if (spec.type === 'ec') options = { key, dsaEncoding: 'ieee-p1363' };
  if (spec.pss !== undefined) {
    options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss };
  }
  return Object.freeze({ alg, digest: spec.digest, key: options });
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
export const nodeCryptoSigner: SigningBackend = Object.freeze<SigningBackend<NodeSigningKey>>({
  importKey,
  sign(prepared: NodeSigningKey, alg: SigningAlgorithm, signingInput: string): string {
    if (prepared.alg !== alg) {
      throw new TypeError(`nodeCryptoSigner: the key was imported for ${prepared.alg}, not ${alg}`);
    }
    // the signing input is ASCII (two base64url parts and a dot): latin1 is its exact bytes
    return sign(prepared.digest, Buffer.from(signingInput, 'latin1'), prepared.key).toString(
      'base64url',
    );
  },
});
