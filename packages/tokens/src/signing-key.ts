import { resolveOptions } from '@gatehouse/errors';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { impliedAlgorithm, isSigningAlgorithm } from './internal/algorithms.js';

/** An asymmetric JWS algorithm Gatehouse signs and verifies with (HMAC and `none` never). */
export type SigningAlgorithm =
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512';

/** A public JWK as published at `jwks_uri`: no private members, with `kid`, `alg` and `use`. */
export interface PublicJwk extends JWK {
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
}

/**
 * A key pair for signing access tokens. `kid` is the RFC 7638 thumbprint of the public key unless the
 * key was imported with its own `kid`.
 */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: Readonly<PublicJwk>;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * Generates a signing key pair (ES256 by default; ES384, ES512, EdDSA (Ed25519), RS256-512 and
 * PS256-512 too; RSA keys are 2048 bits). The private key is extractable unless `extractable: false`,
 * so that it can be stored with {@link exportSigningKey} and survive restarts.
 *
 * @example
 * ```ts
 * import { generateSigningKey } from '@gatehouse/tokens';
 *
 * const key = await generateSigningKey(); // ES256
 * const edKey = await generateSigningKey({ alg: 'EdDSA' });
 * key.kid; // RFC 7638 thumbprint
 * ```
 */
export async function generateSigningKey(
  options: { alg?: SigningAlgorithm; extractable?: boolean } = {},
): Promise<SigningKey> {
  const { alg, extractable } = resolveOptions<{ alg: SigningAlgorithm; extractable: boolean }>(
    'generateSigningKey',
    options,
    { defaults: { alg: 'ES256', extractable: true } },
  );
  if (!isSigningAlgorithm(alg)) {
    throw new TypeError(`generateSigningKey: unsupported algorithm ${JSON.stringify(alg)}`);
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable });
  return fromKeyPair(alg, privateKey, publicKey, undefined);
}

/**
 * The private JWK of a signing key, with `kid`, `alg` and `use`, for storage (keep it secret).
 *
 * @example
 * ```ts
 * import { exportSigningKey } from '@gatehouse/tokens';
 * await secretStore.put('signing-key', JSON.stringify(await exportSigningKey(key)));
 * ```
 */
export async function exportSigningKey(key: SigningKey): Promise<JWK> {
  const jwk = await exportJWK(key.privateKey);
  return { ...jwk, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Imports a private JWK made by {@link exportSigningKey} (or any private EC, OKP or RSA JWK with an
 * `alg`, or a key type that implies one). Keeps the JWK's `kid`, or computes the RFC 7638 thumbprint.
 * A key that cannot sign, or whose type does not fit its `alg`, throws `TypeError`.
 *
 * @example
 * ```ts
 * import { importSigningKey } from '@gatehouse/tokens';
 * const key = await importSigningKey(JSON.parse(await secretStore.get('signing-key')));
 * ```
 */
export async function importSigningKey(jwk: JWK): Promise<SigningKey> {
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') {
    throw new TypeError('importSigningKey: expected a private JWK');
  }
  const alg = jwk.alg ?? impliedAlgorithm(jwk.kty, jwk.crv);
  if (!isSigningAlgorithm(alg)) {
    throw new TypeError(`importSigningKey: unsupported or missing alg ${JSON.stringify(alg)}`);
  }
  const publicMembers: JWK = {};
  for (const member of PUBLIC_MEMBERS) {
    if (jwk[member] !== undefined) publicMembers[member] = jwk[member];
  }
  try {
    const privateKey = await importJWK({ ...jwk, ext: true }, alg);
    const publicKey = await importJWK(publicMembers, alg);
    if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey) || privateKey.type !== 'private') {
      throw new TypeError('not an asymmetric key');
    }
    return await fromKeyPair(alg, privateKey, publicKey, jwk.kid);
  } catch (cause) {
    throw new TypeError(`importSigningKey: the JWK does not fit alg ${alg}`, { cause });
  }
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof value === 'object' && value !== null && 'algorithm' in value && 'type' in value;
}

async function fromKeyPair(
  alg: SigningAlgorithm,
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  kid: string | undefined,
): Promise<SigningKey> {
  const exported = await exportJWK(publicKey);
  const members: JWK = {};
  for (const member of PUBLIC_MEMBERS) {
    if (exported[member] !== undefined) members[member] = exported[member];
  }
  const thumbprint = kid ?? (await calculateJwkThumbprint(members, 'sha256'));
  const publicJwk: PublicJwk = Object.freeze({ ...members, kid: thumbprint, alg, use: 'sig' });
  return Object.freeze({ kid: thumbprint, alg, privateKey, publicKey, publicJwk });
}
