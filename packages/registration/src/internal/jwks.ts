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

/**
 * Checks a registered `jwks`: an object with 1 to `maxKeys` public RSA, EC or OKP keys. Symmetric keys
 * and any private key member are refused: a client must never send its private key.
 */
export function validateJwks(value: unknown, maxKeys: number): PublicJwks {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('must be a JWK Set object');
  }
  const keys: unknown = Object.hasOwn(value, 'keys')
    ? (value as { keys: unknown }).keys
    : undefined;
  if (!Array.isArray(keys) || keys.length === 0) invalid('must have a non-empty keys array');
  if (keys.length > maxKeys) invalid(`has over ${maxKeys} keys`);
  const out: PublicJwk[] = [];
  for (const key of keys) {
    if (typeof key !== 'object' || key === null || Array.isArray(key))
      invalid('keys must be objects');
    const record = key as Record<string, unknown>;
    if (!KEY_TYPES.has(record.kty)) invalid('keys must be public RSA, EC or OKP keys');
    if (PRIVATE_MEMBERS.some((member) => Object.hasOwn(record, member))) {
      invalid('must not contain private or symmetric key material');
    }
    out.push({ ...record } as PublicJwk);
  }
  return { keys: out };
}
