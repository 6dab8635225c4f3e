import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: OWASP's N = 2^15, r = 8, p = 3 (32 MiB per hash). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** The cost new hashes get. */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Bounds on what a stored hash may ask for, so a corrupt row cannot make one login cost gigabytes. */
const MAX = { N: 2 ** 20, r: 32, p: 16 };

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  const maxmem = 256 * cost.N * cost.r;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { ...cost, maxmem }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

function validCost({ N, r, p }: ScryptCost): boolean {
  return (
    Number.isInteger(N) &&
    N >= 2 &&
    N <= MAX.N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX.r &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX.p
  );
}

/**
 * Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 * The password is NFKC-normalized first (NIST SP 800-63B), so equal-looking input verifies.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', stored); // true
 * ```
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('hashPassword: password must be a string');
  if (!validCost(cost)) throw new TypeError('hashPassword: invalid scrypt cost');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_BYTES);
  return [
    'scrypt',
    cost.N,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** The parts of a stored hash, or undefined when it is not one this module wrote. */
export function parsePasswordHash(
  stored: string,
): { cost: ScryptCost; salt: Buffer; hash: Buffer } | undefined {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((part) => /^[1-9][0-9]{0,7}$/.test(part))) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!validCost(cost) || !/^[A-Za-z0-9_-]+$/.test(salt) || !/^[A-Za-z0-9_-]+$/.test(hash)) {
    return undefined;
  }
  const hashBytes = Buffer.from(hash, 'base64url');
  if (hashBytes.length < 16 || hashBytes.length > 64) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), hash: hashBytes };
}

/**
 * Whether `password` matches `stored` (constant-time comparison of the derived keys). A stored value
 * that is not a valid scrypt hash verifies nothing.
 *
 * @example
 * ```ts
 * if (!(await verifyPassword(form.password, user.passwordHash))) refuse();
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (parsed === undefined || typeof password !== 'string') return false;
  const key = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  return timingSafeEqual(key, parsed.hash);
}
