import { hash, randomFillSync } from 'node:crypto';

const SECRET_BYTES = 32;
/** Random bytes drawn at once: 128 secrets. */
const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A new random secret (codes, refresh tokens): 256 bits from the CSPRNG, base64url. The bytes are
 * drawn 4 KiB at a time, as `crypto.randomUUID()` does: one draw costs about the same for 32 bytes as
 * for 4,096 (several microseconds, more on the request path), and every token request makes a
 * secret. Bytes handed out are zeroed in the pool, so each is used once.
 */
export function newSecret(): string {
  if (offset + SECRET_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const secret = pool.toString('base64url', offset, offset + SECRET_BYTES);
  pool.fill(0, offset, offset + SECRET_BYTES);
  offset += SECRET_BYTES;
  return secret;
}

/** How codes and refresh tokens are stored: the base64url SHA-256 of the value, never the value. */
export function hashSecret(value: string): string {
  return hash('sha256', value, 'base64url');
}
