import { GatehouseError, type OAuthErrorCode } from '@gatehouse/errors';

/**
 * Every code a {@link ScopeError} can carry.
 */
export type ScopeErrorCode =
  | 'ERR_SCOPE_TYPE'
  | 'ERR_SCOPE_EMPTY_TOKEN'
  | 'ERR_SCOPE_CHARSET'
  | 'ERR_SCOPE_EMPTY_SEGMENT'
  | 'ERR_SCOPE_WILDCARD_PARTIAL'
  | 'ERR_SCOPE_WILDCARD_PREFIX'
  | 'ERR_SCOPE_TOO_LONG'
  | 'ERR_SCOPE_TOO_MANY'
  | 'ERR_SCOPE_DENIED'
  | 'ERR_SCOPE_MCP_REQUEST'
  | 'ERR_SCOPE_URI_INVALID'
  | 'ERR_SCOPE_URI_NOT_CANONICAL'
  | 'ERR_SCOPE_TOOL_ARGUMENTS';

/**
 * A scope failure caused by untrusted input: a malformed scope string or pattern (`invalid_scope`), an
 * operation the token's scopes do not permit (`ERR_SCOPE_DENIED`, `insufficient_scope`), an MCP
 * request that cannot be decided (`invalid_request`), or a resource URI that is not an absolute URL
 * (`ERR_SCOPE_URI_INVALID`) or not in its canonical form (`ERR_SCOPE_URI_NOT_CANONICAL`), or
 * `tools/call` arguments a per-tool rule cannot read (`ERR_SCOPE_TOOL_ARGUMENTS`), all three
 * `invalid_request`.
 *
 * @example
 * ```ts
 * import { parseScope, ScopeError } from '@gatehouse/scopes';
 *
 * try {
 *   parseScope('mcp:tools:we*');
 * } catch (error) {
 *   if (ScopeError.isInstance(error)) error.code; // 'ERR_SCOPE_WILDCARD_PARTIAL'
 * }
 * ```
 */
export class ScopeError extends GatehouseError {
  declare readonly code: ScopeErrorCode;

  constructor(
    code: ScopeErrorCode,
    description: string,
    oauthError: OAuthErrorCode = 'invalid_scope',
    cause?: unknown,
  ) {
    super(code, description, {
      oauthError,
      description,
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'ScopeError';
  }

  /**
   * Whether `value` is a scope error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { ScopeError } from '@gatehouse/scopes';
   * ScopeError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is ScopeError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_SCOPE_');
  }
}
