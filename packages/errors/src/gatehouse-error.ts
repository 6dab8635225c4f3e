import { type OAuthErrorCode, OAuthErrorStatus } from './oauth-error-codes.js';

const GATEHOUSE_ERROR = Symbol.for('gatehouse.error');

/**
 * What a {@link GatehouseError} can carry besides its code and message.
 */
export interface GatehouseErrorOptions {
  /** The underlying failure, kept for logs; never sent to a client. */
  cause?: unknown;
  /** The OAuth error this failure is answered with on the wire. */
  oauthError?: OAuthErrorCode;
  /** The `error_description` sent to the client. Only sent when `expose` is true. */
  description?: string;
  /** HTTP status; defaults to the status of `oauthError`, else 500. */
  status?: number;
  /** Whether the client may see `oauthError` and `description`; defaults to true when `oauthError` is set. */
  expose?: boolean;
}

/**
 * The base of every error Gatehouse throws for a failure a caller can act on.
 *
 * `code` (`ERR_<AREA>_<REASON>`) is public API and stable; the message is for people and may change.
 * Use {@link GatehouseError.isInstance} rather than `instanceof`: it also recognises errors from another
 * copy of this package (two versions installed side by side).
 *
 * @example
 * ```ts
 * import { GatehouseError } from '@gatehouse/errors';
 *
 * const error = new GatehouseError('ERR_TOKEN_EXPIRED', 'the access token has expired', {
 *   oauthError: 'invalid_token',
 *   description: 'The access token expired',
 * });
 * error.status; // 401
 * GatehouseError.isInstance(error); // true
 * ```
 */
export class GatehouseError extends Error {
  /** Stable machine-readable code, `ERR_<AREA>_<REASON>`. */
  readonly code: string;
  /** The OAuth error this failure is answered with, if any. */
  readonly oauthError: OAuthErrorCode | undefined;
  /** The `error_description` a client may see. */
  readonly description: string | undefined;
  /** The HTTP status of the response. */
  readonly status: number;
  /** Whether `oauthError` and `description` may be shown to the client. */
  readonly expose: boolean;

  constructor(code: string, message: string, options: GatehouseErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'GatehouseError';
    this.code = code;
    this.oauthError = options.oauthError;
    this.description = options.description;
    this.status =
      options.status ?? (options.oauthError ? OAuthErrorStatus[options.oauthError] : 500);
    this.expose = options.expose ?? options.oauthError !== undefined;
  }

  /**
   * Whether `value` is a Gatehouse error, from this copy of the package or any other.
   *
   * @example
   * ```ts
   * import { GatehouseError } from '@gatehouse/errors';
   * GatehouseError.isInstance(new Error('x')); // false
   * ```
   */
  static isInstance(value: unknown): value is GatehouseError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [GATEHOUSE_ERROR]?: unknown })[GATEHOUSE_ERROR] === true
    );
  }
}

Object.defineProperty(GatehouseError.prototype, GATEHOUSE_ERROR, { value: true });
