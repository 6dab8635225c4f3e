import { constants, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from '../signing-key.js';

/** A key made ready for one algorithm: the digest and the key with the options `node:crypto` needs. */
export interface NodeKey {
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

/**
 * Checks that `key` is a key of `alg` (type, curve; RSA of at least 2048 bits) and adds the options its
 * JWS form needs: ECDSA signatures as `ieee-p1363`, RSA-PSS with the digest's length of salt (RFC 7518).
 * `who` names the backend in the `TypeError` thrown for a key that does not fit.
 */
export function prepareNodeKey(key: KeyObject, alg: SigningAlgorithm, who: string): NodeKey {
  const spec = Object.hasOwn(SPECS, alg) ? SPECS[alg] : undefined;
  if (spec === undefined) throw new TypeError(`${who}: unsupported algorithm ${alg}`);
  const details = key.asymmetricKeyDetails ?? {};
  if (
    key.asymmetricKeyType !== spec.type ||
    (spec.curve !== undefined && details.namedCurve !== spec.curve)
  ) {
    throw new TypeError(`${who}: the key is not a ${alg} key`);
  }
  if (spec.type === 'rsa' && (details.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new TypeError(`${who}: ${alg} needs an RSA key of at least 2048 bits`);
  }
  let options: NodeKey['key'] = key;
  if (spec.type === 'ec') options = { key, dsaEncoding: 'ieee-p1363' };
  if (spec.pss !== undefined) {
    options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss };
  }
  return Object.freeze({ alg, digest: spec.digest, key: options });
}
