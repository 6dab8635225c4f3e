import type { OAuthErrorCode } from '@gatehouse/errors';
import { base64url } from '@gatehouse/internal';
import { assertCodeVerifier } from './code-verifier.js';
import { PkceError } from './errors.js';

/** The only code challenge method Gatehouse accepts. */
export type CodeChallengeMethod = 'S256';

/** Length of an unpadded base64url SHA-256 digest. */
const CHALLENGE_LENGTH = 43;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** 43 characters carry 258 bits; the last one must leave the 2 surplus bits zero. */
const CANONICAL_LAST = /[AEIMQUYcgkosw048]$/;
const encoder = new TextEncoder();

/**
 * The S256 code challenge of `verifier`: `BASE64URL(SHA256(ASCII(verifier)))`.
 *
 * @example
 * ```ts
 * import { computeCodeChallenge } from '@gatehouse/pkce';
 * await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export async function computeCodeChallenge(verifier: string): Promise<string> {
  assertCodeVerifier(verifier);
  return s256(verifier);
}

/** S256 of a verifier already known to be well formed. */
export async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(verifier))));
}

/**
 * Whether `value` is a well-formed S256 code challenge (43 canonical base64url characters, no padding).
 *
 * @example
 * ```ts
 * import { isCodeChallenge } from '@gatehouse/pkce';
 * isCodeChallenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'); // true
 * isCodeChallenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM='); // false: padded
 * ```
 */
export function isCodeChallenge(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === CHALLENGE_LENGTH &&
    BASE64URL.test(value) &&
    CANONICAL_LAST.test(value)
  );
}

/**
 * Checks the PKCE parameters of an authorization request: the method must be exactly `S256` (an absent
 * method means `plain` under RFC 7636 and is refused) and the challenge well formed. Throws a
 * {@link PkceError} with `invalid_request`.
 *
 * @example
 * ```ts
 * import { validateCodeChallenge } from '@gatehouse/pkce';
 * validateCodeChallenge({
 *   challenge: url.searchParams.get('code_challenge'),
 *   method: url.searchParams.get('code_challenge_method'),
 * });
 * ```
 */
export function validateCodeChallenge(input: { challenge: unknown; method: unknown }): void {
  assertMethod(input.method);
  assertCodeChallenge(input.challenge, 'invalid_request');
}

/** Throws unless `method` is exactly `S256`. */
export function assertMethod(
  method: unknown,
  oauthError: OAuthErrorCode = 'invalid_request',
): asserts method is CodeChallengeMethod {
  if (method !== 'S256') {
    const shown = typeof method === 'string' ? `"${method.slice(0, 20)}"` : 'absent (plain)';
    throw new PkceError(
      'ERR_PKCE_METHOD_UNSUPPORTED',
      `code_challenge_method ${shown} is not supported; use S256`,
      oauthError,
    );
  }
}

/** Throws the precise {@link PkceError} for a missing or malformed challenge. */
export function assertCodeChallenge(
  value: unknown,
  oauthError: OAuthErrorCode,
): asserts value is string {
  if (value === undefined || value === null || value === '') {
    throw new PkceError('ERR_PKCE_CHALLENGE_MISSING', 'code_challenge is required', oauthError);
  }
  if (typeof value !== 'string') {
    throw new PkceError('ERR_PKCE_CHALLENGE_TYPE', 'code_challenge must be a string', oauthError);
  }
  if (value.includes('=')) {
    throw new PkceError(
      'ERR_PKCE_CHALLENGE_PADDING',
      'code_challenge must be unpadded base64url',
      oauthError,
    );
  }
  if (value.length !== CHALLENGE_LENGTH) {
    throw new PkceError(
      'ERR_PKCE_CHALLENGE_LENGTH',
      `code_challenge must be ${CHALLENGE_LENGTH} characters`,
      oauthError,
    );
  }
  if (!BASE64URL.test(value)) {
    throw new PkceError(
      'ERR_PKCE_CHALLENGE_CHARSET',
      'code_challenge must be base64url (A-Z a-z 0-9 - _)',
      oauthError,
    );
  }
  if (!CANONICAL_LAST.test(value)) {
    throw new PkceError(
      'ERR_PKCE_CHALLENGE_NON_CANONICAL',
      'code_challenge is not the canonical encoding of a SHA-256 digest',
      oauthError,
    );
  }
}
