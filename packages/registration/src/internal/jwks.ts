import { RegistrationError } from '../errors.js';

/** A public JSON Web Key as registered; members beyond `kty` are passed through unchanged. */
export interface PublicJwk {
  kty: 'RSA' | 'EC' | 'OKP';
  [member: string]: unknown;
}

/** A JWK Set of public keys. */
export interface PublicJwks {
  keys: PublicJwk[];
}

const KEY_TYPES: ReadonlySet<unknown> = new Set(['RSA', 'EC', 'OKP']);
/** Members that only private (or symmetric) keys have (RFC 7517, RFC 7518 section 6). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function invalid(why: string): never {
  throw new RegistrationError('ERR_REGISTRATION_JWKS_INVALID', `jwks ${why}`);
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Curves a client can sign a `private_key_jwt` assertion with (X25519 / X448 only agree keys). */
const CURVES: Readonly<Record<string, ReadonlySet<unknown>>> = {
  EC: new Set(['P-256', 'P-384', 'P-521']),
  OKP: new Set(['Ed25519', 'Ed448']),
};
/** The public members each key type needs (RFC 7518 section 6, RFC 8037 section 2). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['x', 'y'],
  OKP: ['x'],
};
/** JWS algorithms a public key can verify (RFC 7518 section 3.1, RFC 8037, RFC 9864). */
const SIGNING_ALG = /^(?:(?:RS|PS|ES)(?:256|384|512)|EdDSA|Ed25519|Ed448)$/;
/** base64url length of a 2048-bit modulus: RFC 7518 section 3.3 requires at least 2048 bits. */
const MIN_RSA_MODULUS_CHARS = 342;

/** The key is a usable public signing key of its type, else a JWKS_INVALID error. */
function checkPublicKey(record: Record<string, unknown>, kty: string): void {
  for (const member of REQUIRED[kty] ?? []) {
    const value = record[member];
    if (typeof value !== 'string' || !BASE64URL.test(value)) {
      invalid(`${kty} keys need a base64url ${member}`);
    }
  }
  const curves = CURVES[kty];
  if (curves !== undefined && !curves.has(record.crv)) {
    invalid(`${kty} keys must use a signing curve (${[...curves].join(', ')})`);
  }
  if (kty === 'RSA' && (record.n as string).length < MIN_RSA_MODULUS_CHARS) {
    invalid('RSA keys must be at least 2048 bits');
  }
  if (record.use !== undefined && record.use !== 'sig') invalid('keys must be for use sig');
  const alg = record.alg;
  if (alg !== undefined && (typeof alg !== 'string' || !SIGNING_ALG.test(alg))) {
    invalid('keys must name an asymmetric signing alg');
  }
}

/** Whether a JWK carries private or symmetric key material (a client must never publish it). */
export function hasPrivateMembers(record: Record<string, unknown>): boolean {
  return PRIVATE_MEMBERS.some((member) => Object.hasOwn(record, member));
}

/**
 * One key of a JWK Set as a usable public signing key, else a JWKS_INVALID error: a public RSA, EC
 * or OKP key with its public members (`n`/`e`, `crv`/`x`/`y`, `crv`/`x`), a signing curve, RSA of at
 * least 2048 bits, `use` (if any) `sig`, `alg` (if any) asymmetric, and flat member values.
 */
export function checkPublicSigningKey(key: unknown): PublicJwk {
  if (typeof key !== 'object' || key === null || Array.isArray(key))
    invalid('keys must be objects');
  const record = key as Record<string, unknown>;
  if (!KEY_TYPES.has(record.kty)) invalid('keys must be public RSA, EC or OKP keys');
  if (hasPrivateMembers(record)) invalid('must not contain private or symmetric key material');
  checkPublicKey(record, record.kty as string);
  // JWK members are strings (a few are booleans or string arrays: `ext`, `key_ops`, `x5c`); nothing
  // nested is passed through, so no deeply nested value reaches a later recursive copy or hash.
  for (const value of Object.values(record)) {
    const flat =
      typeof value !== 'object' ||
      (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!flat) invalid('key members must be strings, numbers, booleans or string arrays');
  }
  return { ...record } as PublicJwk;
}

/** The `keys` array of a JWK Set object with 1 to `maxKeys` entries, else a JWKS_INVALID error. */
export function jwkSetKeys(value: unknown, maxKeys: number): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('must be a JWK Set object');
  }
  const keys: unknown = Object.hasOwn(value, 'keys')
    ? (value as { keys: unknown }).keys
    : undefined;
  if (!Array.isArray(keys) || keys.length === 0) invalid('must have a non-empty keys array');
  if (keys.length > maxKeys) invalid(`has over ${maxKeys} keys`);
  return keys;
}

/**
 * Checks a registered `jwks`: an object with 1 to `maxKeys` public RSA, EC or OKP keys. Symmetric keys
 * and any private key member are refused: a client must never send its private key. Each key must be
 * usable to verify a `private_key_jwt` assertion (see {@link checkPublicSigningKey}).
 */
export function validateJwks(value: unknown, maxKeys: number): PublicJwks {
  return { keys: jwkSetKeys(value, maxKeys).map(checkPublicSigningKey) };
}
