import { OAuthErrorStatus } from '@gatehouse/errors';
import { toDescriptionCharset } from '@gatehouse/internal';
import type { Context } from 'koa';
import { type BearerChallengeParams, formatBearerChallenge } from '../index.js';

/**
 * What {@link bearerChallenge} answers with: the challenge parameters, and optionally the status.
 */
export interface BearerChallengeResponse extends BearerChallengeParams {
  /**
   * HTTP status. Default: 403 for `insufficient_scope`, 400 for `invalid_request`, otherwise 401
   * (the status of the OAuth error, RFC 6750 3.1).
   */
  status?: number;
}

/**
 * Answers the request with a `Bearer` challenge (RFC 6750 3, MCP R4-R7): the status, the
 * `WWW-Authenticate` header from `formatBearerChallenge`, `Cache-Control: no-store`, and, when there
 * is an `error`, the JSON body `{ error, error_description }`. Without an error (no token was sent)
 * the body is empty.
 *
 * @example
 * ```ts
 * import { bearerChallenge } from '@gatehouse/discovery/koa';
 *
 * app.use(async (ctx, next) => {
 *   if (!ctx.get('authorization')) {
 *     return bearerChallenge(ctx, {
 *       resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
 *       scope: ['mcp:tools'],
 *     }); // 401
 *   }
 *   await next();
 * });
 * ```
 */
export function bearerChallenge(ctx: Context, response: BearerChallengeResponse): void {
  const { status, ...params } = response;
  const header = formatBearerChallenge(params);
  const resolvedStatus = status ?? (params.error ? OAuthErrorStatus[params.error] : 401);
  if (!Number.isSafeInteger(resolvedStatus) || resolvedStatus < 400 || resolvedStatus > 599) {
    throw new TypeError('bearerChallenge: status must be an HTTP error status');
  }
  ctx.status = resolvedStatus;
  ctx.set('WWW-Authenticate', header);
  ctx.set('Cache-Control', 'no-store');
  if (params.error === undefined) {
    ctx.body = '';
    return;
  }
  const body: { error: string; error_description?: string } = { error: params.error };
  if (params.errorDescription) {
    body.error_description = toDescriptionCharset(params.errorDescription);
  }
  ctx.body = body;
}
