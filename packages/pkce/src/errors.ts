import { GatehouseError, type OAuthErrorCode } from '@gatehouse/errors';

/**
 * Every code a {@link PkceError} can carry.
 */
export type PkceErrorCode =
  | 'ERR_PKCE_METHOD_UNSUPPORTED'
  | 'ERR_PKCE_VERIFIER_MISSING'
  | 'ERR_PKCE_VERIFIER_TYPE'
  | 'ERR_PKCE_VERIFIER_LENGTH'
  | 'ERR_PKCE_VERIFIER_CHARSET'
  | 'ERR_PKCE_VERIFIER_MISMATCH'
  | 'ERR_PKCE_CHALLENGE_MISSING'
  | 'ERR_PKCE_CHALLENGE_TYPE'
  | 'ERR_PKCE_CHALLENGE_PADDING'
  | 'ERR_PKCE_CHALLENGE_LENGTH'
  | 'ERR_PKCE_CHALLENGE_CHARSET'
  | 'ERR_PKCE_CHALLENGE_NON_CANONICAL';

/**
 * A PKCE failure caused by untrusted input: a refused method, a malformed verifier or challenge, or a
 * verifier that does not match its challenge.
 *
 * @example
 * ```ts
 * import { PkceError, verifyCodeVerifier } from '@gatehouse/pkce';
 *
 * try {
 *   await verifyCodeVerifier({ verifier, challenge, method: 'S256' });
 * } catch (error) {
 *   if (PkceError.isInstance(error) && error.code === 'ERR_PKCE_VERIFIER_MISMATCH') {
 *     // answer invalid_grant
 *   }
 * }
 * ```
 */
export class PkceError extends GatehouseError {
  declare readonly code: PkceErrorCode;

  constructor(code: PkceErrorCode, description: string, oauthError: OAuthErrorCode) {
    super(code, description, { oauthError, description });
    this.name = 'PkceError';
  }

  /**
   * Whether `value` is a PKCE error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { PkceError } from '@gatehouse/pkce';
   * PkceError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is PkceError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_PKCE_');
  }
}
