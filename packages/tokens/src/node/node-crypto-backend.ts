import { constants, createPublicKey, type JsonWebKey, type KeyObject, verify } from 'node:crypto';
import type { JWK } from 'jose';
import type { SignatureBackend } from '../signature-backend.js';
import type { SigningAlgorithm } from '../signing-key.js';

/** A public key made ready for one algorithm: the digest and the key with its options. */
interface NodeVerificationKey {
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

const MIN_RSA_BITS = 2048;

function importKey(jwk: Readonly<JWK>, alg: SigningAlgorithm): NodeVerificationKey {
  const spec = Object.hasOwn(SPECS, alg) ? SPECS[alg] : undefined;
  if (spec === undefined) throw new TypeError(`nodeCryptoBackend: unsupported algorithm ${alg}`);
  const key = createPublicKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' });
  const details = key.asymmetricKeyDetails ?? {};
  // the verifier matched the JWK's type to alg already; this keeps the backend safe on its own
  if (
    key.asymmetricKeyType !== spec.type ||
    (spec.curve !== undefined && details.namedCurve !== spec.curve)
  ) {
    throw new TypeError(`nodeCryptoBackend: the key is not a ${alg} key`);
  }
  if (spec.type === 'rsa' && (details.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new TypeError(`nodeCryptoBackend: ${alg} needs an RSA key of at least 2048 bits`);
  }
  let options: NodeVerificationKey['key'] = key;
  if (spec.type === 'ec') options = { key, dsaEncoding: 'ieee-p1363' };
  if (spec.pss !== undefined) {
    options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss };
  }
  return Object.freeze({ alg, digest: spec.digest, key: options });
}

/**
 * A {@link SignatureBackend} on `node:crypto`: each trusted JWK imported once as a `KeyObject`
 * (`createPublicKey`), signatures checked with the synchronous `crypto.verify` (ECDSA in its JWS
 * form, `ieee-p1363`; RSA-PSS with the digest's length of salt, as RFC 7518 requires). Uncached
 * verification then runs within about 15% of a bare `crypto.verify` loop for ES256 and EdDSA (in the
 * bench: 1.1-1.4x the default backend, WebCrypto through jose; about 1.8x for RS256), and accepts
 * exactly the same tokens: the verifier's every other check is unchanged. Pass it as the `backend` of
 * `createAccessTokenVerifier`.
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier } from '@gatehouse/tokens';
 * import { nodeCryptoBackend } from '@gatehouse/tokens/node';
 *
 * const verifier = createAccessTokenVerifier({
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://mcp.example.com/mcp',
 *   algorithms: ['ES256'],
 *   jwks: 'https://auth.example.com/jwks',
 *   backend: nodeCryptoBackend,
 * });
 * ```
 */
export const nodeCryptoBackend: SignatureBackend = Object.freeze<
  SignatureBackend<NodeVerificationKey>
>({
  importKey,
  verify(prepared: NodeVerificationKey, alg: SigningAlgorithm, input: string, signature: string) {
    if (prepared.alg !== alg) return false;
    try {
      // the signing input is ASCII (two base64url parts and a dot): latin1 is its exact bytes
      return verify(
        prepared.digest,
        Buffer.from(input, 'latin1'),
        prepared.key,
        Buffer.from(signature, 'base64url'),
      );
    } catch {
      return false; // a signature OpenSSL cannot even parse is a bad signature, as with WebCrypto
    }
  },
});
