import { GatehouseError, type OAuthErrorCode } from '@gatehouse/errors';

/**
 * Every code a {@link GatehouseMcpError} can carry. Codes are public API.
 *
 * Metadata resolution (`resolveJwksUri`, `createMcpVerifier`): `ERR_MCP_METADATA_*`,
 * `ERR_MCP_JWKS_URI_MISSING`. The Koa endpoint (`mcpResourceServer`): `ERR_MCP_ORIGIN_REFUSED`,
 * `ERR_MCP_BODY_TOO_LARGE`, `ERR_MCP_CONTENT_TYPE`, `ERR_MCP_PARSE_ERROR`, `ERR_MCP_INVALID_REQUEST`,
 * `ERR_MCP_INVALID_PARAMS`, `ERR_MCP_SESSION_REQUIRED`, `ERR_MCP_SESSION_NOT_FOUND`,
 * `ERR_MCP_SESSION_MISMATCH` (answered as `ERR_MCP_SESSION_NOT_FOUND`), `ERR_MCP_SESSION_LIMIT`,
 * `ERR_MCP_METHOD_NOT_ALLOWED`, `ERR_MCP_LIST_PENDING_LIMIT`, `ERR_MCP_INTERNAL`.
 */
export type GatehouseMcpErrorCode =
  | 'ERR_MCP_METADATA_FETCH_FAILED'
  | 'ERR_MCP_METADATA_TIMEOUT'
  | 'ERR_MCP_METADATA_NOT_FOUND'
  | 'ERR_MCP_METADATA_REDIRECT'
  | 'ERR_MCP_METADATA_STATUS'
  | 'ERR_MCP_METADATA_CONTENT_TYPE'
  | 'ERR_MCP_METADATA_TOO_LARGE'
  | 'ERR_MCP_METADATA_INVALID'
  | 'ERR_MCP_JWKS_URI_MISSING'
  | 'ERR_MCP_ORIGIN_REFUSED'
  | 'ERR_MCP_BODY_TOO_LARGE'
  | 'ERR_MCP_CONTENT_TYPE'
  | 'ERR_MCP_PARSE_ERROR'
  | 'ERR_MCP_INVALID_REQUEST'
  | 'ERR_MCP_INVALID_PARAMS'
  | 'ERR_MCP_SESSION_REQUIRED'
  | 'ERR_MCP_SESSION_NOT_FOUND'
  | 'ERR_MCP_SESSION_MISMATCH'
  | 'ERR_MCP_SESSION_LIMIT'
  | 'ERR_MCP_METHOD_NOT_ALLOWED'
  | 'ERR_MCP_LIST_PENDING_LIMIT'
  | 'ERR_MCP_INTERNAL';

/** Options of a {@link GatehouseMcpError}. */
export interface GatehouseMcpErrorOptions {
  /** The underlying failure, for logs; never sent to a client. */
  cause?: unknown;
  /** HTTP status on the wire; default 500 (metadata failures are the server's, not the client's). */
  status?: number;
  /** The OAuth error, when the failure is answered as one. */
  oauthError?: OAuthErrorCode;
}

/**
 * A failure of `@gatehouse/mcp`: resolving the authorization server's metadata (not the client's
 * fault: unexposed, a bare 500 if it ever reached the wire) or refusing a request on the protected
 * MCP endpoint (answered as a JSON-RPC error with the HTTP status in `status`).
 *
 * @example
 * ```ts
 * import { GatehouseMcpError, resolveJwksUri } from '@gatehouse/mcp';
 *
 * try {
 *   await resolveJwksUri('https://auth.example.com');
 * } catch (error) {
 *   if (GatehouseMcpError.isInstance(error)) error.code; // e.g. 'ERR_MCP_METADATA_NOT_FOUND'
 * }
 * ```
 */
export class GatehouseMcpError extends GatehouseError {
  declare readonly code: GatehouseMcpErrorCode;

  constructor(
    code: GatehouseMcpErrorCode,
    message: string,
    options: GatehouseMcpErrorOptions = {},
  ) {
    super(code, message, {
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.oauthError === undefined
        ? { expose: false }
        : { oauthError: options.oauthError }),
      status: options.status ?? 500,
    });
    this.name = 'GatehouseMcpError';
  }

  /**
   * Whether `value` is a `GatehouseMcpError` (from any copy of this package).
   *
   * @example
   * ```ts
   * import { GatehouseMcpError } from '@gatehouse/mcp';
   * GatehouseMcpError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is GatehouseMcpError {
    return (
      GatehouseError.isInstance(value) &&
      typeof value.code === 'string' &&
      value.code.startsWith('ERR_MCP_')
    );
  }
}
