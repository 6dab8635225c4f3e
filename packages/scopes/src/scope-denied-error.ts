import { ScopeError } from './errors.js';

/**
 * `ERR_SCOPE_DENIED`: the token is valid but its scopes do not permit the operation (`insufficient_scope`,
 * 403). Carries `requiredScopes`, every scope the operation needs, for the `scope` parameter of the
 * challenge (R6), and CASL's `ForbiddenError` as `cause` when there is one. `description` is the reason of
 * the `cannot` rule that denied, when the policy gave one.
 *
 * @example
 * ```ts
 * import { ScopeDeniedError } from '@gatehouse/scopes';
 *
 * try {
 *   policy.enforce(ability, 'call', mcpSubject('Tool', { name: 'weather' }));
 * } catch (error) {
 *   if (ScopeDeniedError.isInstance(error)) error.requiredScopes; // ['mcp:tools:weather']
 * }
 * ```
 */
export class ScopeDeniedError extends ScopeError {
  declare readonly code: 'ERR_SCOPE_DENIED';
  /** Every scope the denied operation needs, most specific first; empty when no scope would help. */
  readonly requiredScopes: readonly string[];

  constructor(requiredScopes: readonly string[], reason?: string, cause?: unknown) {
    super(
      'ERR_SCOPE_DENIED',
      reason ?? 'the access token does not have the scope this operation requires',
      'insufficient_scope',
      cause,
    );
    this.name = 'ScopeDeniedError';
    this.requiredScopes = Object.freeze([...requiredScopes]);
  }

  /**
   * Whether `value` is an `ERR_SCOPE_DENIED` error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { ScopeDeniedError } from '@gatehouse/scopes';
   * ScopeDeniedError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is ScopeDeniedError {
    return ScopeError.isInstance(value) && value.code === 'ERR_SCOPE_DENIED';
  }
}
