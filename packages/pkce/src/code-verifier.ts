import { base64url } from '@gatehouse/internal';
import { PkceError } from './errors.js';

/** Shortest code verifier RFC 7636 section 4.1 allows. */
export const MIN_VERIFIER_LENGTH = 43;
/** Longest code verifier RFC 7636 section 4.1 allows. */
export const MAX_VERIFIER_LENGTH = 128;

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

/**
 * A fresh random code verifier: `length` characters (43 to 128, default 43, which is 32 random bytes)
 * of the base64url alphabet, a subset of RFC 7636's unreserved characters, 6 bits of entropy each.
 *
 * @example
 * ```ts
 * import { generateCodeVerifier } from '@gatehouse/pkce';
 * const verifier = generateCodeVerifier(); // 43 characters, 256 bits of entropy
 * ```
 */
export function generateCodeVerifier(length: number = MIN_VERIFIER_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_VERIFIER_LENGTH || length > MAX_VERIFIER_LENGTH) {
    throw new TypeError(
      `generateCodeVerifier: length must be an integer from ${MIN_VERIFIER_LENGTH} to ${MAX_VERIFIER_LENGTH}`,
    );
  }
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil((length * 6) / 8)));
  return base64url(bytes).slice(0, length);
}

/**
 * Whether `value` is a well-formed RFC 7636 code verifier (43 to 128 unreserved characters).
 *
 * @example
 * ```ts
 * import { isCodeVerifier } from '@gatehouse/pkce';
 * isCodeVerifier('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // true
 * isCodeVerifier('too-short'); // false
 * ```
 */
export function isCodeVerifier(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= MIN_VERIFIER_LENGTH &&
    value.length <= MAX_VERIFIER_LENGTH &&
    UNRESERVED.test(value)
  );
}

/** Throws the precise {@link PkceError} for a malformed verifier. */
export function assertCodeVerifier(value: unknown): asserts value is string {
  if (value === undefined || value === null) {
    throw new PkceError('ERR_PKCE_VERIFIER_MISSING', 'code_verifier is required', 'invalid_grant');
  }
  if (typeof value !== 'string') {
    throw new PkceError(
      'ERR_PKCE_VERIFIER_TYPE',
      'code_verifier must be a string',
      'invalid_grant',
    );
  }
  if (value.length < MIN_VERIFIER_LENGTH || value.length > MAX_VERIFIER_LENGTH) {
    throw new PkceError(
      'ERR_PKCE_VERIFIER_LENGTH',
      `code_verifier must be ${MIN_VERIFIER_LENGTH} to ${MAX_VERIFIER_LENGTH} characters`,
      'invalid_grant',
    );
  }
  if (!UNRESERVED.test(value)) {
    throw new PkceError(
      'ERR_PKCE_VERIFIER_CHARSET',
      'code_verifier may only contain A-Z a-z 0-9 - . _ ~',
      'invalid_grant',
    );
  }
}
