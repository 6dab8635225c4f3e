/**
 * Every OAuth error code Gatehouse puts on the wire, with the RFC that registers it.
 *
 * @example
 * ```ts
 * import { OAuthErrorCodes } from '@gatehouse/errors';
 * OAuthErrorCodes.invalid_grant; // 'invalid_grant'
 * ```
 */
export const OAuthErrorCodes = {
  // RFC 6749 / OAuth 2.1
  invalid_request: 'invalid_request',
  invalid_client: 'invalid_client',
  invalid_grant: 'invalid_grant',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
  invalid_scope: 'invalid_scope',
  access_denied: 'access_denied',
  unsupported_response_type: 'unsupported_response_type',
  server_error: 'server_error',
  temporarily_unavailable: 'temporarily_unavailable',
  // RFC 6750
  invalid_token: 'invalid_token',
  insufficient_scope: 'insufficient_scope',
  // RFC 7591
  invalid_redirect_uri: 'invalid_redirect_uri',
  invalid_client_metadata: 'invalid_client_metadata',
  // RFC 8707
  invalid_target: 'invalid_target',
  // RFC 7009
  unsupported_token_type: 'unsupported_token_type',
} as const;

/**
 * One of the OAuth error codes in {@link OAuthErrorCodes}.
 *
 * @example
 * ```ts
 * import type { OAuthErrorCode } from '@gatehouse/errors';
 * const code: OAuthErrorCode = 'invalid_token';
 * ```
 */
export type OAuthErrorCode = (typeof OAuthErrorCodes)[keyof typeof OAuthErrorCodes];

/**
 * The HTTP status each OAuth error is answered with by default.
 *
 * `invalid_client` is 401 (RFC 6749 5.2 allows 400 when no HTTP authentication was attempted; set
 * `status` on the error for that). Errors that travel in a redirect (`access_denied`,
 * `unsupported_response_type`) carry the status they would have as a direct response.
 *
 * @example
 * ```ts
 * import { OAuthErrorStatus } from '@gatehouse/errors';
 * OAuthErrorStatus.insufficient_scope; // 403
 * ```
 */
export const OAuthErrorStatus: Readonly<Record<OAuthErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  server_error: 500,
  temporarily_unavailable: 503,
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_target: 400,
  unsupported_token_type: 400,
});

/**
 * Whether `value` is one of the OAuth error codes Gatehouse knows.
 *
 * @example
 * ```ts
 * import { isOAuthErrorCode } from '@gatehouse/errors';
 * isOAuthErrorCode('invalid_scope'); // true
 * isOAuthErrorCode('nope'); // false
 * ```
 */
export function isOAuthErrorCode(value: unknown): value is OAuthErrorCode {
  return typeof value === 'string' && Object.hasOwn(OAuthErrorCodes, value);
}
