/**
 * The asymmetric JWS algorithms Gatehouse signs and verifies with: every {@link SigningAlgorithm}, for
 * metadata (`*_signing_alg_values_supported`) and configuration checks.
 *
 * @example
 * ```ts
 * import { SIGNING_ALGORITHMS } from '@gatehouse/tokens';
 * const allowed = (SIGNING_ALGORITHMS as readonly string[]).includes('ES256'); // true
 * ```
 */
export const SIGNING_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

export type Algorithm = (typeof SIGNING_ALGORITHMS)[number];

const CURVES: Readonly<Record<string, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
};

export function isSigningAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** Whether a public JWK of this `kty` / `crv` can check a signature made with `alg`. */
export function keyFitsAlgorithm(kty: unknown, crv: unknown, alg: string): boolean {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return kty === 'RSA';
  if (alg === 'EdDSA') return kty === 'OKP' && crv === 'Ed25519';
  return kty === 'EC' && crv === CURVES[alg];
}

/** The one algorithm a key of this type implies, when it implies one (RSA keys do not). */
export function impliedAlgorithm(kty: unknown, crv: unknown): Algorithm | undefined {
  if (kty === 'OKP' && crv === 'Ed25519') return 'EdDSA';
  if (kty !== 'EC') return undefined;
  for (const [alg, curve] of Object.entries(CURVES)) {
    if (curve === crv) return alg as Algorithm;
  }
  return undefined;
}

/** Validates a verifier's algorithm allow-list: a caller mistake throws TypeError. */
export function assertAlgorithmList(name: string, algorithms: unknown): readonly Algorithm[] {
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new TypeError(`${name}: algorithms must be a non-empty array`);
  }
  for (const alg of algorithms) {
    if (!isSigningAlgorithm(alg)) {
      throw new TypeError(
        `${name}: algorithm ${JSON.stringify(alg)} is not allowed; use asymmetric ones (${SIGNING_ALGORITHMS.join(', ')})`,
      );
    }
  }
  return Object.freeze([...new Set(algorithms as Algorithm[])]);
}
