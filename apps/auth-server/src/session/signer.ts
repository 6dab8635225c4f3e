import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signs and verifies short strings with HMAC-SHA256 under a key derived for one purpose. */
export interface Signer {
  /** `value.signature`, both base64url-safe when `value` is. */
  sign(value: string): string;
  /** The value when the signature is right (constant-time compare), else undefined. */
  verify(signed: string): string | undefined;
  /** The raw MAC of `value`, base64url (for tokens derived from a value, such as CSRF). */
  mac(value: string): string;
}

/** The smallest secret accepted: 256 bits. */
export const MIN_SECRET_BYTES = 32;

/**
 * A signer for one `purpose` ("session", "authorize-form", "csrf"): its key is HMAC(secret, purpose), so
 * a value signed for one purpose never verifies for another.
 */
export function createSigner(secret: Uint8Array, purpose: string): Signer {
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`createSigner: the secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  const key = createHmac('sha256', secret).update(`gatehouse:${purpose}`).digest();
  const mac = (value: string): string =>
    createHmac('sha256', key).update(value).digest('base64url');
  return {
    mac,
    sign: (value) => `${value}.${mac(value)}`,
    verify(signed) {
      if (typeof signed !== 'string') return undefined;
      const dot = signed.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const value = signed.slice(0, dot);
      return safeEqual(signed.slice(dot + 1), mac(value)) ? value : undefined;
    },
  };
}

/** Constant-time string comparison (the length of the expected value is not secret). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.byteLength !== b.byteLength) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
