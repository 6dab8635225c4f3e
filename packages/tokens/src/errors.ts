import { GatehouseError } from '@gatehouse/errors';

/**
 * The codes of a rejected token. Each is its own reason; all of them are answered with
 * `invalid_token` (401) on the wire.
 */
export type TokenRejectionCode =
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_TOKEN_ALG_NONE'
  | 'ERR_TOKEN_ALG_HMAC'
  | 'ERR_TOKEN_ALG_NOT_ALLOWED'
  | 'ERR_TOKEN_KEY_ALG_MISMATCH'
  | 'ERR_TOKEN_KID_MISSING'
  | 'ERR_TOKEN_KID_UNKNOWN'
  | 'ERR_TOKEN_TYP_INVALID'
  | 'ERR_TOKEN_CRIT_UNSUPPORTED'
  | 'ERR_TOKEN_SIGNATURE_INVALID'
  | 'ERR_TOKEN_CLAIM_MISSING'
  | 'ERR_TOKEN_CLAIM_INVALID'
  | 'ERR_TOKEN_ISSUER_INVALID'
  | 'ERR_TOKEN_AUDIENCE_INVALID'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_TOKEN_ISSUED_IN_FUTURE'
  | 'ERR_TOKEN_TOO_OLD'
  | 'ERR_TOKEN_REVOKED'
  | 'ERR_TOKEN_INACTIVE'
  | 'ERR_TOKEN_SENDER_CONSTRAINED';

/**
 * The codes of a failure on the verifier's side (its key source or introspection endpoint), not the
 * token's fault. They are not exposed: the wire answer is a bare `server_error` (500).
 */
export type TokenServerErrorCode =
  | 'ERR_TOKEN_JWKS_UNAVAILABLE'
  | 'ERR_TOKEN_JWKS_INVALID'
  | 'ERR_TOKEN_INTROSPECTION_FAILED';

/** Every code a {@link TokenError} can carry. */
export type TokenErrorCode = TokenRejectionCode | TokenServerErrorCode;

const SERVER_CODES: ReadonlySet<string> = new Set<TokenServerErrorCode>([
  'ERR_TOKEN_JWKS_UNAVAILABLE',
  'ERR_TOKEN_JWKS_INVALID',
  'ERR_TOKEN_INTROSPECTION_FAILED',
]);

/**
 * Who a rejected token names, set on a {@link TokenError} only when the rejection came after the
 * token was authenticated (its signature verified, or the introspection endpoint answered `active`),
 * so the values are the authorization server's, never an attacker's: an expired, revoked, wrong-audience
 * or sender-constrained token. For audit records; never sent on the wire.
 */
export interface TokenIdentity {
  /** `sub`. */
  readonly subject?: string;
  /** `client_id` (or `azp`). */
  readonly clientId?: string;
  /** `jti`. */
  readonly jti?: string;
  /** `scope`, split on spaces. */
  readonly scopes?: readonly string[];
}

/**
 * A failed token verification. A rejection of the token (`invalid_token`, 401, exposed) or, for the
 * codes in {@link TokenServerErrorCode}, a failure of the verifier's own dependencies (unexposed 500).
 *
 * @example
 * ```ts
 * import { TokenError } from '@gatehouse/tokens';
 *
 * try {
 *   ctx.state.auth = await verifier.verify(token);
 * } catch (error) {
 *   if (TokenError.isInstance(error) && error.code === 'ERR_TOKEN_EXPIRED') {
 *     // 401 invalid_token
 *   }
 * }
 * ```
 */
export class TokenError extends GatehouseError {
  declare readonly code: TokenErrorCode;
  /** Who the token names, when the rejection came after it was authenticated (see {@link TokenIdentity}). */
  readonly identity?: TokenIdentity;

  constructor(
    code: TokenErrorCode,
    description: string,
    options: { cause?: unknown; identity?: TokenIdentity } = {},
  ) {
    const { identity, ...rest } = options;
    super(
      code,
      description,
      SERVER_CODES.has(code)
        ? { ...rest, status: 500, expose: false }
        : { ...rest, oauthError: 'invalid_token', description },
    );
    this.name = 'TokenError';
    if (identity !== undefined) this.identity = identity;
  }

  /**
   * Whether `value` is a token error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { TokenError } from '@gatehouse/tokens';
   * TokenError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is TokenError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_TOKEN_');
  }

  /**
   * Whether `value` is a rejection of the token itself (answered `invalid_token`), as opposed to a
   * verifier failure or a bug.
   *
   * @example
   * ```ts
   * import { TokenError } from '@gatehouse/tokens';
   * TokenError.isRejection(error) ? 401 : 500;
   * ```
   */
  static isRejection(value: unknown): value is TokenError & { code: TokenRejectionCode } {
    return TokenError.isInstance(value) && !SERVER_CODES.has(value.code);
  }
}
