import { toDescriptionCharset } from '@gatehouse/internal';
import { GatehouseError } from './gatehouse-error.js';
import { isOAuthErrorCode, type OAuthErrorCode, OAuthErrorStatus } from './oauth-error-codes.js';

/**
 * The JSON body of an OAuth error response (RFC 6749 section 5.2).
 */
export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description?: string;
}

/**
 * An OAuth error response: the HTTP status and the JSON body.
 */
export interface OAuthErrorResponse {
  status: number;
  body: OAuthErrorBody;
}

const SERVER_ERROR: OAuthErrorResponse = Object.freeze({
  status: 500,
  body: Object.freeze({ error: 'server_error' }),
}) as OAuthErrorResponse;

/**
 * The JSON body to send for `error`. Anything that is not an exposed Gatehouse error with an OAuth
 * code becomes `{"error":"server_error"}`, so no internal detail leaks.
 *
 * `error_description` is restricted to the characters RFC 6749 allows (%x20-21 / %x23-5B / %x5D-7E) and
 * capped in length: a description may quote client input.
 *
 * @example
 * ```ts
 * import { GatehouseError, toOAuthErrorBody } from '@gatehouse/errors';
 *
 * toOAuthErrorBody(new GatehouseError('ERR_X', 'x', { oauthError: 'invalid_grant', description: 'code reused' }));
 * // { error: 'invalid_grant', error_description: 'code reused' }
 * toOAuthErrorBody(new Error('database password is hunter2'));
 * // { error: 'server_error' }
 * ```
 */
export function toOAuthErrorBody(error: unknown): OAuthErrorBody {
  return toOAuthErrorResponse(error).body;
}

/**
 * The HTTP status and JSON body to send for `error`; see {@link toOAuthErrorBody}.
 *
 * @example
 * ```ts
 * import { GatehouseError, toOAuthErrorResponse } from '@gatehouse/errors';
 *
 * const { status, body } = toOAuthErrorResponse(
 *   new GatehouseError('ERR_TOKEN_EXPIRED', 'expired', { oauthError: 'invalid_token' }),
 * );
 * // status 401, body { error: 'invalid_token' }
 * ```
 */
export function toOAuthErrorResponse(error: unknown): OAuthErrorResponse {
  // the marker is shared across installs (and JavaScript callers skip the types): take only what a
  // client may see, an OAuth error code from the vocabulary and an HTTP error status
  if (!GatehouseError.isInstance(error) || error.expose !== true) return SERVER_ERROR;
  const { oauthError, description, status } = error;
  if (!isOAuthErrorCode(oauthError)) return SERVER_ERROR;
  const body: OAuthErrorBody = { error: oauthError };
  if (typeof description === 'string' && description !== '') {
    body.error_description = toDescriptionCharset(description);
  }
  const valid = Number.isInteger(status) && status >= 400 && status <= 599;
  return { status: valid ? status : OAuthErrorStatus[oauthError], body };
}
