import { formatBearerChallenge } from '@gatehouse/discovery';
import { toOAuthErrorResponse } from '@gatehouse/errors';
import type { Context } from 'koa';
import { isScope, type ScopeDeniedError } from '../index.js';

/**
 * Which scopes a 403 challenge names: `'union'` (the default) the token's valid scopes followed by the
 * required ones, so a client that re-authorizes with exactly the challenged scope keeps what it had
 * (no step-up loop); `'required'` only the scopes the request needs.
 */
export type ChallengeScope = 'union' | 'required';

/**
 * Answers 403 `insufficient_scope` (RFC 6750 3.1, MCP R6): `WWW-Authenticate` from
 * `formatBearerChallenge` with `scope` and `resource_metadata`, `Cache-Control: no-store`, and the JSON
 * body from the error mapping (`{ error, error_description? }`).
 */
export function insufficientScope(
  ctx: Context,
  error: ScopeDeniedError,
  options: {
    granted: readonly string[];
    challengeScope: ChallengeScope;
    resourceMetadata: string | undefined;
  },
): void {
  const scope = new Set<string>(
    options.challengeScope === 'union' ? options.granted.filter((value) => isScope(value)) : [],
  );
  for (const value of error.requiredScopes) scope.add(value);
  const { status, body } = toOAuthErrorResponse(error);
  const header = formatBearerChallenge({
    error: 'insufficient_scope',
    scope: [...scope],
    ...(options.resourceMetadata === undefined
      ? {}
      : { resourceMetadata: options.resourceMetadata }),
    ...(body.error_description === undefined ? {} : { errorDescription: body.error_description }),
  });
  ctx.status = status;
  ctx.set('WWW-Authenticate', header);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

/**
 * Throws TypeError at setup unless `resourceMetadata` is absent or can be carried in a challenge (a
 * string of visible ASCII, space or tab), so a misconfiguration never surfaces as a failed request.
 */
export function checkResourceMetadata(name: string, resourceMetadata: unknown): void {
  if (resourceMetadata === undefined) return;
  try {
    if (typeof resourceMetadata !== 'string') throw new TypeError('not a string');
    formatBearerChallenge({ resourceMetadata });
  } catch {
    throw new TypeError(`${name}: resourceMetadata must be a URL of visible ASCII characters`);
  }
}

/** Answers with the OAuth error response for `error` (a bare 500 `server_error` unless exposed). */
export function respondWithError(ctx: Context, error: unknown): void {
  const { status, body } = toOAuthErrorResponse(error);
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}
